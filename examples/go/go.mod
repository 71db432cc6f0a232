module libssr/examples/upload

go 1.19

require libssr/ssr v0.0.0

replace libssr/ssr => ../../bindings/go
