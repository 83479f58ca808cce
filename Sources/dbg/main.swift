DbgCommand.main()
