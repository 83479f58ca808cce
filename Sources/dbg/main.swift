import DbgCLI

DbgCommand.main()
