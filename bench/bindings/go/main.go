// Calls per second of ssr.Validate on one document, and of the same C calls
// made by a C loop in this process, alternating: go run . FILE [REPS]
// prints "BINDING C". The goroutine keeps its OS thread (LockOSThread), so
// that the figure is the cost of a call; with GO_UNLOCKED=1 it moves
// between threads as the scheduler likes, and glibc malloc's per-thread
// caches go cold (slower). go run . verify ...: see verify.go.
package main

/*
#cgo pkg-config: libssr
#include <stdlib.h>
#include <ssr.h>

// The same calls as the binding's, from C.
static int direct(const void *data, size_t len, int calls)
{
    for (int i = 0; i < calls; i++) {
        ssr_report *report = NULL;
        if (ssr_validate(data, len, 0, NULL, &report) != SSR_OK || !ssr_report_valid(report))
            return -1;
        ssr_report_free(report);
    }
    return 0;
}
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	ssr "github.com/libssr/libssr/bindings/go"
)

const calls = 200000

func main() {
	if os.Getenv("GO_UNLOCKED") == "" {
		runtime.LockOSThread()
	}
	if len(os.Args) > 1 && os.Args[1] == "verify" {
		verifyCalls(os.Args[2:])
		return
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	reps := 5
	if len(os.Args) > 2 {
		reps, _ = strconv.Atoi(os.Args[2])
	}
	cdata := C.CBytes(data)
	defer C.free(cdata)
	binding, direct := time.Duration(1<<62), time.Duration(1<<62)
	// Each repetition runs both, in alternating order.
	for step := 0; step < reps*2; step++ {
		start := time.Now()
		if (step+step/2)%2 == 0 {
			for i := 0; i < calls; i++ {
				report, err := ssr.Validate(data, "")
				if err != nil || !report.Valid {
					panic("the document does not validate")
				}
			}
			if t := time.Since(start); t < binding {
				binding = t
			}
		} else {
			if C.direct(cdata, C.size_t(len(data)), calls) != 0 {
				panic("the document does not validate")
			}
			if t := time.Since(start); t < direct {
				direct = t
			}
		}
	}
	fmt.Printf("%.0f %.0f\n", calls/binding.Seconds(), calls/direct.Seconds())
}
