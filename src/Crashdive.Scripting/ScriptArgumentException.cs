namespace Crashdive.Scripting;

/// <summary>A script called the kernel API with an argument it cannot take (raised in the script as a Lua error).</summary>
public sealed class ScriptArgumentException(string message) : Exception(message);
