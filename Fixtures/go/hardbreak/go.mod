module hardbreak

go 1.19
