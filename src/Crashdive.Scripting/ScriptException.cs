namespace Crashdive.Scripting;

/// <summary>A script failed: one line, <c>file:line: message</c> as Lua words it.</summary>
public sealed class ScriptException(string message) : Exception(message);
