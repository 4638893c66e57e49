enum ConsoleUIPlaceholder {}
