module scoped

go 1.19
