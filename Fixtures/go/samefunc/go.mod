module samefunc

go 1.19
