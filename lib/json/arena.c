/*
 * A bump allocator: a document's nodes and strings live in a few large
 * blocks that are freed together.
 */
#include <stdalign.h>
#include <string.h>

#include "json.h"

struct ssri_arena_block {
    ssri_arena_block *next;
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
    b->next = arena->head->next;
    arena->head->next = b;
    return b->data;
}

void *ssri_arena_alloc_slow(ssri_arena *arena, size_t size)
{
    if (size > SIZE_MAX - 7)
        return NULL;
    size = (size + 7) & ~(size_t)7;
    /* ssri_arena_alloc() found no room in the current block. */
    if (arena->head != NULL && size > LARGEST_STEP / 4)
        return alloc_alone(arena, size);
    size_t want = arena->next_size ? arena->next_size : FIRST_BLOCK;
    if (want < size)
        want = size;
    if (want > SIZE_MAX - sizeof(ssri_arena_block))
        return NULL;
    ssri_arena_block *b = ssri_malloc(sizeof *b + want);
    if (b == NULL)
        return NULL;
    b->next = arena->head;
    arena->head = b;
    arena->free = b->data + size;
    arena->end = b->data + want;
    if (arena->next_size < LARGEST_STEP)
        arena->next_size = (arena->next_size ? arena->next_size : FIRST_BLOCK) * 2;
    return b->data;
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
    arena->free = arena->end = NULL;
    arena->next_size = 0;
}
