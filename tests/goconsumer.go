// A Go program outside the repository, built against an installed libssr by
// tests/check-install.sh: validates the file it is given.
package main

import (
	"fmt"
	"os"

	ssr "github.com/libssr/libssr/bindings/go"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	report, err := ssr.Validate(data, "")
	if err != nil || !report.Valid {
		panic(fmt.Sprint(report, err))
	}
	fmt.Printf("go consumer: libssr %s, %s valid\n", ssr.Version(), report.Kind)
}
