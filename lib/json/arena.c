/*
 * A bump allocator: a document's nodes and strings live in a few large
 * blocks that are freed together.
 */
#include <stdalign.h>
#include <string.h>

#include "json.h"

struct ssri_arena_block {
    ssri_arena_block *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

#define FIRST_BLOCK 4096
#define LARGEST_STEP (1u << 20)

/* A block of its own for one large allocation, kept behind the current one. */
static void *alloc_alone(ssri_arena *arena, size_t size)
{
    if (size > SIZE_MAX - sizeof(ssri_arena_block))
        return NULL;
    ssri_arena_block *b = ssri_malloc(sizeof *b + size);
    if (b == NULL)
        return NULL;
    b->size = b->used = size;
    b->next = arena->head->next;
    arena->head->next = b;
    return b->data;
}

void *ssri_arena_alloc(ssri_arena *arena, size_t size)
{
    if (size > SIZE_MAX - 7)
        return NULL;
    size = (size + 7) & ~(size_t)7;
    ssri_arena_block *b = arena->head;
    if (b != NULL && size > LARGEST_STEP / 4 && b->size - b->used < size)
        return alloc_alone(arena, size);
    if (b == NULL || b->size - b->used < size) {
        size_t want = arena->next_size ? arena->next_size : FIRST_BLOCK;
        if (want < size)
            want = size;
        if (want > SIZE_MAX - sizeof *b)
            return NULL;
        b = ssri_malloc(sizeof *b + want);
        if (b == NULL)
            return NULL;
        b->size = want;
        b->used = 0;
        b->next = arena->head;
        arena->head = b;
        if (arena->next_size < LARGEST_STEP)
            arena->next_size = (arena->next_size ? arena->next_size : FIRST_BLOCK) * 2;
    }
    void *p = b->data + b->used;
    b->used += size;
    return p;
}

void ssri_arena_release(ssri_arena *arena)
{
    ssri_arena_block *b = arena->head;
    while (b != NULL) {
        ssri_arena_block *next = b->next;
        ssri_free(b);
        b = next;
    }
    arena->head = NULL;
    arena->next_size = 0;
}
