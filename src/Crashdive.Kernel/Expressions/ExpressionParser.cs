namespace Crashdive.Kernel.Expressions;

/// <summary>
/// A recursive-descent parser for the C expressions crash users type, with C's precedence:
/// postfix (<c>a.b</c>, <c>a-&gt;b</c>, <c>a[i]</c>, crash's <c>sym:N</c>), prefix (<c>- + ~ ! * &amp;</c>,
/// casts, <c>sizeof</c>), gdb's <c>@</c>, <c>* / %</c>, <c>+ -</c>, shifts, comparisons, <c>&amp; ^ |</c>,
/// <c>&amp;&amp; ||</c>. Whether a parenthesised word starts a type is asked of <c>isTypeName</c>.
/// Syntax errors use gdb's wording: <c>A syntax error in expression, near `rest'.</c>
/// </summary>
public sealed class ExpressionParser
{
    private static readonly HashSet<string> TypeWords = new(StringComparer.Ordinal)
    {
        "struct", "union", "enum", "unsigned", "signed", "int", "char", "long", "short", "void",
        "_Bool", "const", "volatile", "float", "double",
    };

    private static readonly string[][] BinaryLevels =
    [
        ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"], ["@"],
    ];

    private const int MaxDepth = 200;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly Func<string, bool> _isTypeName;
    private int _pos;
    private int _depth;

    private ExpressionParser(string text, Func<string, bool> isTypeName)
    {
        _text = text;
        _tokens = ExpressionLexer.Tokenize(text);
        _isTypeName = isTypeName;
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="isTypeName"/> says whether a lone identifier names a type (a typedef).</summary>
    public static ExpressionNode Parse(string text, Func<string, bool>? isTypeName = null)
    {
        var p = new ExpressionParser(text, isTypeName ?? (_ => false));
        if (p.Peek.Kind == TokenKind.End)
            throw new ExpressionException("A syntax error in expression, near `'.");
        ExpressionNode n = p.Binary(0);
        if (p.Peek.Kind != TokenKind.End)
            throw p.SyntaxError();
        return n;
    }

    private Token Peek => _tokens[_pos];

    private Token Next() => _tokens[_pos++];

    private ExpressionException SyntaxError() =>
        new($"A syntax error in expression, near `{_text[Math.Min(Peek.Position, _text.Length)..]}'.");

    private void Expect(string op)
    {
        if (!Peek.Is(op))
            throw SyntaxError();
        _pos++;
    }

    private ExpressionNode Binary(int level)
    {
        if (level >= BinaryLevels.Length)
            return Unary();
        ExpressionNode left = Binary(level + 1);
        while (Peek.Kind == TokenKind.Operator && Array.IndexOf(BinaryLevels[level], Peek.Text) >= 0)
        {
            string op = Next().Text;
            left = new BinaryNode(op, left, Binary(level + 1));
        }
        return left;
    }

    private ExpressionNode Unary()
    {
        if (++_depth > MaxDepth)
            throw new ExpressionException("expression nested too deeply");
        try
        {
            Token t = Peek;
            if (t.Kind == TokenKind.Operator && t.Text is "-" or "+" or "~" or "!" or "*" or "&")
            {
                _pos++;
                return new UnaryNode(t.Text, Unary());
            }
            if (t.IsWord("sizeof"))
            {
                _pos++;
                if (Peek.Is("(") && StartsType(_pos + 1))
                {
                    _pos++;
                    string type = TypeText();
                    Expect(")");
                    return new SizeofNode(type, null);
                }
                return new SizeofNode(null, Unary());
            }
            if (t.Is("(") && StartsType(_pos + 1))
            {
                _pos++;
                string type = TypeText();
                Expect(")");
                return new CastNode(type, Unary());
            }
            return Postfix(Primary());
        }
        finally
        {
            _depth--;
        }
    }

    private bool StartsType(int at)
    {
        Token t = _tokens[at];
        if (t.Kind != TokenKind.Identifier)
            return false;
        if (TypeWords.Contains(t.Text))
            return true;
        // a typedef name alone, or followed by '*' and then ')': (pid_t), (cpumask_t *)
        int i = at + 1;
        while (_tokens[i].Is("*"))
            i++;
        return _tokens[i].Is(")") && _isTypeName(t.Text);
    }

    private string TypeText()
    {
        var words = new List<string>();
        while (Peek.Kind == TokenKind.Identifier || Peek.Is("*"))
            words.Add(Next().Text);
        if (words.Count == 0)
            throw SyntaxError();
        return string.Join(" ", words);
    }

    private ExpressionNode Primary()
    {
        Token t = Next();
        switch (t.Kind)
        {
            case TokenKind.Number or TokenKind.Float or TokenKind.Char:
                return new LiteralNode(t);
            case TokenKind.History:
                return new HistoryNode(t.Number);
            case TokenKind.Identifier:
                if (Peek.Is(":") && _tokens[_pos + 1].Kind == TokenKind.Number)
                {
                    _pos++;
                    ulong cpu = Next().Number;
                    if (cpu >= KernelProgram.MaxCpus)
                        throw new ExpressionException($"invalid cpu: {cpu}");
                    return new NameNode(t.Text, (int)cpu);
                }
                return new NameNode(t.Text);
            case TokenKind.Operator when t.Text == "(":
            {
                ExpressionNode inner = Binary(0);
                Expect(")");
                return inner;
            }
            default:
                _pos--;
                throw SyntaxError();
        }
    }

    private ExpressionNode Postfix(ExpressionNode node)
    {
        for (int n = 0; n < 10_000; n++)
        {
            if (Peek.Is(".") || Peek.Is("->"))
            {
                bool arrow = Next().Text == "->";
                Token name = Next();
                if (name.Kind != TokenKind.Identifier)
                {
                    _pos--;
                    throw SyntaxError();
                }
                node = new MemberNode(node, name.Text, arrow);
            }
            else if (Peek.Is("["))
            {
                _pos++;
                ExpressionNode index = Binary(0);
                Expect("]");
                node = new IndexNode(node, index);
            }
            else
                return node;
        }
        throw new ExpressionException("expression too long");
    }
}
