using RadLine;
using Spectre.Console;

namespace Crashdive.Cli.Prompt;

/// <summary>
/// crash's <c>crash&gt; </c> prompt for the line editor (kept: scripts driving the prompt look
/// for it). The editor adds the space after it.
/// </summary>
public sealed class CrashPrompt : ILineEditorPrompt
{
    private readonly Markup _markup = new(Markup.Escape(Session.Prompt.TrimEnd()));

    /// <inheritdoc/>
    public (Markup Markup, int Margin) GetPrompt(ILineEditorState state, int line) => (_markup, 1);
}
