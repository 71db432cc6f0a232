module github.com/libssr/libssr/bindings/go

go 1.19
