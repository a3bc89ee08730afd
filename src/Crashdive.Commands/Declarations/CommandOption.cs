namespace Crashdive.Commands;

/// <summary>
/// One option of a command, as its declaration states it.
/// <para><see cref="Flag"/> is what the user types, dash included: <c>-c</c>, <c>-panic</c>, <c>-16</c>,
/// <c>--json</c>. <see cref="Argument"/> names the value the option itself takes (<c>-n pid</c>), or is
/// null for a flag. <see cref="Meaning"/> says what the option does in crashdive, in one sentence or a few;
/// where crashdive refuses the option, it says so.</para>
/// <para>A one-letter <see cref="Flag"/> goes into the command's getopt string: the letter, with <c>:</c> when
/// it has an <see cref="Argument"/>, with <c>::</c> when <see cref="OptionalArgument"/> (a value only when
/// attached, <c>-S=cache</c>). Longer flags are handled by the command itself (or by the prompt, <c>--json</c>)
/// and reach getopt only through <see cref="CommandSpec.ExtraGetopt"/>.</para>
/// </summary>
public sealed record CommandOption(string Flag, string? Argument, string Meaning)
{
    /// <summary>The option's value is optional and only taken when attached to the letter (getopt's <c>::</c>).</summary>
    public bool OptionalArgument { get; init; }

    /// <summary>The getopt letter of a one-letter flag (<c>-c</c> is <c>c</c>), or null for a longer flag.</summary>
    public char? Letter => Flag.Length == 2 && Flag[0] == '-' && Flag[1] != '-' ? Flag[1] : null;

    /// <summary>How the option is shown in a list: the flag, and its argument after a blank (<c>-n pid</c>).</summary>
    public string Display => Argument == null ? Flag : OptionalArgument ? $"{Flag}[{Argument}]" : $"{Flag} {Argument}";
}
