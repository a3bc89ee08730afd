namespace Crashdive.Commands;

/// <summary>One example in a command's help: a command line and a sentence on what it shows. No output is copied into help.</summary>
public sealed record CommandExample(string Line, string Meaning);
