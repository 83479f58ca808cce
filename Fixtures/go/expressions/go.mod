module expressions

go 1.19
