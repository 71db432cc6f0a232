// SPDX-License-Identifier: Apache-2.0

package ssr

/*
#include <stdint.h>
#include <ssr.h>
*/
import "C"

import (
	"runtime/cgo"
	"time"
	"unsafe"
)

// ssrGoTufFetch is the C fetch of an updater with a Go Fetch: the context is
// the cgo.Handle of the Go function. A panic in the Fetch is a failed fetch
// (SSR_EIO), never an unwinding through C.
//
//export ssrGoTufFetch
func ssrGoTufFetch(context unsafe.Pointer, url *C.char, maxLength C.uint64_t, timeoutMs C.unsigned,
	body *C.ssr_tuf_body) (status C.int) {
	defer func() {
		if recover() != nil {
			status = C.SSR_EIO
		}
	}()
	fetch := cgo.Handle(uintptr(context)).Value().(Fetch)
	data, code, err := fetch(C.GoString(url), uint64(maxLength), time.Duration(timeoutMs)*time.Millisecond)
	if err != nil {
		return C.SSR_EIO
	}
	if code != 200 {
		if code >= 100 && code <= 599 {
			return C.int(code)
		}
		return C.SSR_EIO
	}
	d, n := cbytes(data)
	if s := C.ssr_tuf_body_append(body, unsafe.Pointer(d), n); s != C.SSR_OK {
		return s
	}
	return 200
}
