module watched

go 1.19
