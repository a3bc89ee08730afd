using System.Text;

namespace Crashdive.Cli.Output;

/// <summary>
/// The writer a command prints through. Every write first checks the command's cancellation
/// (Ctrl-C), so any command that prints stops at its next line; and when the reader of the
/// output goes away (<c>| head</c> exits, the pager is quit), the command is cancelled and
/// <see cref="ReaderGone"/> is set, as crash stops when its output is closed.
/// </summary>
public sealed class CommandWriter(TextWriter inner, CancellationTokenSource cancellation) : TextWriter
{
    /// <summary>True once a write found the reader gone (a broken pipe).</summary>
    public bool ReaderGone { get; private set; }

    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc/>
    public override IFormatProvider FormatProvider => inner.FormatProvider;

    /// <inheritdoc/>
    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // matches TextWriter.NewLine's [AllowNull] setter
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    /// <inheritdoc/>
    public override void Write(char value)
    {
        Check();
        try { inner.Write(value); } catch (IOException) { Gone(); }
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        Check();
        try { inner.Write(value); } catch (IOException) { Gone(); }
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count)
    {
        Check();
        try { inner.Write(buffer, index, count); } catch (IOException) { Gone(); }
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer)
    {
        Check();
        try { inner.Write(buffer); } catch (IOException) { Gone(); }
    }

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        Check();
        try { inner.WriteLine(value); } catch (IOException) { Gone(); }
    }

    /// <inheritdoc/>
    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        Check();
        try { inner.WriteLine(buffer); } catch (IOException) { Gone(); }
    }

    /// <inheritdoc/>
    public override void WriteLine()
    {
        Check();
        try { inner.WriteLine(); } catch (IOException) { Gone(); }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        if (ReaderGone)
            return;
        try
        {
            inner.Flush();
        }
        catch (IOException)
        {
            // Not thrown from here: Flush also runs when the output is closed after the command.
            ReaderGone = true;
            cancellation.Cancel();
        }
    }

    private void Check() => cancellation.Token.ThrowIfCancellationRequested();

    private void Gone()
    {
        ReaderGone = true;
        cancellation.Cancel();
        cancellation.Token.ThrowIfCancellationRequested();
    }
}
