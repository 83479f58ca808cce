module goids

go 1.19
