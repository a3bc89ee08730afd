namespace Crashdive.Cli.Builtins;

/// <summary>Where an alias came from, as crash's <c>alias</c> lists it.</summary>
public enum AliasOrigin
{
    /// <summary>One of crash's built-in aliases (<c>man</c>, <c>dmesg</c>, <c>px</c>, ...).</summary>
    Builtin,
    /// <summary>Made at the prompt or by an input file with <c>alias NAME COMMAND...</c>.</summary>
    Runtime,
}
