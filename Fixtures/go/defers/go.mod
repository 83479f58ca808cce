module defers

go 1.19
