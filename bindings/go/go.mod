module libssr/ssr

go 1.19
