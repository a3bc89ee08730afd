namespace Crashdive.Helpers.Modules;

/// <summary>A module or its object file cannot be used; the message is one line in crash's words where crash has them.</summary>
public sealed class ModuleException(string message) : Exception(message);
