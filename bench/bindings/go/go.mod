module libssr/bench/calls

go 1.19

require github.com/libssr/libssr/bindings/go v0.0.0

replace github.com/libssr/libssr/bindings/go => ../../../bindings/go
