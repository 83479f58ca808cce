import DbgCLI

await DbgCommand.main()
