using RadLine;

namespace Crashdive.Cli.Prompt;

/// <summary>Ctrl-U and Ctrl-K as in readline: delete from the cursor to the start, or to the end, of the line.</summary>
public sealed class KillLineCommand(bool toStart) : LineEditorCommand
{
    /// <inheritdoc/>
    public override void Execute(LineEditorContext context)
    {
        var b = context.Buffer;
        int at = b.Position;
        if (toStart)
        {
            b.Clear(0, at);
            b.Move(0);
        }
        else
        {
            b.Clear(at, b.Length - at);
        }
    }
}
