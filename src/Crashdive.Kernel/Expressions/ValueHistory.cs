namespace Crashdive.Kernel.Expressions;

/// <summary>
/// gdb's value history: every value <c>p</c> prints is recorded as <c>$1</c>, <c>$2</c>...; <c>$</c> is
/// the last, <c>$$</c> the one before, <c>$$N</c> N back. One per kernel program (a session), see <see cref="Of"/>.
/// </summary>
public sealed class ValueHistory
{
    private readonly List<KObject> _values = new();
    private readonly object _lock = new();

    /// <summary>The history of <paramref name="kernel"/>'s session.</summary>
    public static ValueHistory Of(KernelProgram kernel) => kernel.Cached(static _ => new ValueHistory());

    /// <summary>How many values were recorded (the number of the last one).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _values.Count;
        }
    }

    /// <summary>Records <paramref name="value"/> and returns its number (1 for the first).</summary>
    public int Add(KObject value)
    {
        lock (_lock)
        {
            _values.Add(value);
            return _values.Count;
        }
    }

    /// <summary>
    /// The value a history token names (see <see cref="ExpressionLexer.AbsoluteHistory"/>); gdb's
    /// <c>History has not yet reached $N.</c> when there is no such entry.
    /// </summary>
    public KObject Get(ulong reference)
    {
        lock (_lock)
        {
            long index = (reference & ExpressionLexer.AbsoluteHistory) != 0
                ? (long)(reference & ~ExpressionLexer.AbsoluteHistory)
                : _values.Count - (long)Math.Min(reference, int.MaxValue);
            if ((reference & ExpressionLexer.AbsoluteHistory) != 0 && index == 0)
                index = _values.Count;
            if (index <= 0 || index > _values.Count)
            {
                if (_values.Count == 0 && (reference & ExpressionLexer.AbsoluteHistory) == 0)
                    throw new ExpressionException("History is empty.");
                throw new ExpressionException(index <= 0 && (reference & ExpressionLexer.AbsoluteHistory) == 0
                    ? "History has not yet reached $$" + reference + "."
                    : $"History has not yet reached ${index}.");
            }
            return _values[(int)index - 1];
        }
    }
}
