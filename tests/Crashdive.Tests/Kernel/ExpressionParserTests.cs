using Crashdive.Kernel;
using Crashdive.Kernel.Expressions;

namespace Crashdive.Tests.Kernel;

/// <summary>
/// The expression parser and lexer on synthetic text (precedence, casts, history, per-cpu suffix,
/// gdb's syntax-error wording), and the evaluator on the fixture kernel: C's integer types and
/// arithmetic, and gdb's wording for unknown symbols, members and types.
/// </summary>
public sealed class ExpressionParserTests
{
    private static string Show(ExpressionNode n) => n switch
    {
        NameNode { Cpu: int c } x => $"{x.Name}:{c}",
        NameNode x => x.Name,
        LiteralNode l => l.Token.Text,
        HistoryNode h => $"${h.Reference:x}",
        MemberNode m => $"({Show(m.Target)}{(m.Arrow ? "->" : ".")}{m.Member})",
        IndexNode i => $"({Show(i.Target)}[{Show(i.Index)}])",
        UnaryNode u => $"({u.Operator}{Show(u.Operand)})",
        BinaryNode b => $"({Show(b.Left)} {b.Operator} {Show(b.Right)})",
        CastNode c => $"(({c.TypeText}){Show(c.Operand)})",
        SizeofNode s => s.TypeText != null ? $"sizeof({s.TypeText})" : $"sizeof {Show(s.Operand!)}",
        _ => "?",
    };

    [Theory]
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("1 << 2 + 3", "(1 << (2 + 3))")]
    [InlineData("a & b == c", "(a & (b == c))")]
    [InlineData("a || b && c", "(a || (b && c))")]
    [InlineData("-a.b", "(-(a.b))")]
    [InlineData("*p->next", "(*(p->next))")]
    [InlineData("&init_task.tasks", "(&(init_task.tasks))")]
    [InlineData("&a->b[3]", "(&((a->b)[3]))")]
    [InlineData("arr[i + 1].x", "((arr[(i + 1)]).x)")]
    [InlineData("(struct task_struct *)0xffff8881", "((struct task_struct *)0xffff8881)")]
    [InlineData("(unsigned long)x", "((unsigned long)x)")]
    [InlineData("(pid_t)x", "((pid_t)x)")]
    [InlineData("(x)", "x")]
    [InlineData("sizeof(struct task_struct)", "sizeof(struct task_struct)")]
    [InlineData("sizeof init_task", "sizeof init_task")]
    [InlineData("sizeof(x)", "sizeof x")]
    [InlineData("runqueues:1", "runqueues:1")]
    [InlineData("runqueues:1.nr_running", "(runqueues:1.nr_running)")]
    [InlineData("$", "$0")]
    [InlineData("$$", "$1")]
    [InlineData("$$4", "$4")]
    [InlineData("$3", "$8000000000000003")]
    [InlineData("~0x1f ^ 017", "((~0x1f) ^ 017)")]
    [InlineData("*p@4", "((*p) @ 4)")]
    public void ParsesWithCPrecedence(string text, string expected) =>
        Assert.Equal(expected, Show(ExpressionParser.Parse(text, name => name == "pid_t")));

    [Theory]
    [InlineData("a +", "A syntax error in expression, near `'.")]
    [InlineData("(a", "A syntax error in expression, near `'.")]
    [InlineData("a b", "A syntax error in expression, near `b'.")]
    [InlineData("a.", "A syntax error in expression, near `'.")]
    [InlineData("", "A syntax error in expression, near `'.")]
    [InlineData("a ) b", "A syntax error in expression, near `) b'.")]
    [InlineData("0x", "Invalid number \"0x\".")]
    [InlineData("12ab", "Invalid number \"12ab\".")]
    [InlineData("09", "Invalid number \"09\".")]
    [InlineData("'a", "Unmatched single quote.")]
    [InlineData("a # b", "Invalid character '#' in expression.")]
    [InlineData("0x1ffffffffffffffff", "Numeric constant too large.")]
    public void SyntaxErrorsUseGdbWording(string text, string message)
    {
        var e = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void DeepNestingIsRefusedNotAStackOverflow()
    {
        string text = new string('(', 5000) + "1" + new string(')', 5000);
        Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));
    }

    [Theory]
    [InlineData("'A'", 65UL)]
    [InlineData("'\\n'", 10UL)]
    [InlineData("'\\0'", 0UL)]
    [InlineData("'\\x41'", 0x41UL)]
    [InlineData("'\\''", 39UL)]
    public void CharacterLiterals(string text, ulong value)
    {
        var tokens = ExpressionLexer.Tokenize(text);
        Assert.Equal(TokenKind.Char, tokens[0].Kind);
        Assert.Equal(value, tokens[0].Number);
    }

    [Fact]
    public void HistoryReportsWhatIsMissing()
    {
        var h = new ValueHistory();
        Assert.Equal("History is empty.", Assert.Throws<ExpressionException>(() => h.Get(0)).Message);
        Assert.Equal("History has not yet reached $3.", Assert.Throws<ExpressionException>(() => h.Get(3 | ExpressionLexer.AbsoluteHistory)).Message);
    }

    [Theory]
    [InlineData("10 / 3", 3L, "int")]
    [InlineData("-7 / 2", -3L, "int")]
    [InlineData("-7 % 3", -1L, "int")]
    [InlineData("1 << 40", 0L, "int")]
    [InlineData("1L << 40", 1L << 40, "long")]
    [InlineData("0xffffffff", 0xffffffffL, "unsigned int")]
    [InlineData("4294967295", 4294967295L, "long")]
    [InlineData("(unsigned int)-1", 4294967295L, "unsigned int")]
    [InlineData("(char)321", 65L, "char")]
    [InlineData("-1 < 0u", 0L, "int")]
    [InlineData("-1 < 0", 1L, "int")]
    [InlineData("!5", 0L, "int")]
    [InlineData("~0", -1L, "int")]
    [InlineData("sizeof(int)", 4L, "unsigned long")]
    [InlineData("sizeof(struct list_head)", 16L, "unsigned long")]
    [InlineData("(struct list_head *)0x1000 + 1", 0x1010L, "struct list_head *")]
    [InlineData("(struct list_head *)0x1020 - (struct list_head *)0x1000", 2L, "long")]
    [InlineData("PIDTYPE_SID", 3L, "enum pid_type")]
    [InlineData("PIDTYPE_SID + 1", 4L, "unsigned int")]
    [InlineData("&((struct task_struct *)0)->tasks", 0L, "struct list_head *")]
    public void ArithmeticFollowsC(string text, long value, string type)
    {
        using KernelProgram kernel = Fixtures.OpenKernel("kdump/vmcore.elf");
        KObject v = new ExpressionEvaluator(kernel).Evaluate(text);
        if (type == "struct list_head *" && text.StartsWith('&'))
        {
            // offsetof(struct task_struct, tasks), from the type itself
            Assert.Equal(kernel.Type("struct task_struct").Underlying() is Crashdive.Symbols.Types.StructType s ? s.FindMember("tasks")!.Value.Offset : 1, v.ToUInt64());
        }
        else
            Assert.Equal(value, v.ToInt64());
        Assert.Equal(type, GdbTypeName.Format(v.Type));
    }

    [Theory]
    [InlineData("no_such_symbol_xyz", "No symbol \"no_such_symbol_xyz\" in current context.")]
    [InlineData("init_task.nosuch", "There is no member named nosuch.")]
    [InlineData("(struct nosuch *)0", "No struct type named nosuch.")]
    [InlineData("(union nosuch *)0", "No union type named nosuch.")]
    [InlineData("jiffies.x", "Attempt to extract a component of a value that is not a structure.")]
    [InlineData("*jiffies", "Attempt to take contents of a non-pointer value.")]
    [InlineData("&5", "Attempt to take address of value not located in memory.")]
    [InlineData("1 / 0", "Division by zero")]
    [InlineData("jiffies[1]", "cannot subscript something of type `volatile unsigned long'")]
    [InlineData("$1", "History has not yet reached $1.")]
    public void ErrorsUseGdbWording(string text, string message)
    {
        using KernelProgram kernel = Fixtures.OpenKernel("kdump/vmcore.elf");
        var e = Assert.Throws<ExpressionException>(() => new ExpressionEvaluator(kernel, new ValueHistory()).Evaluate(text));
        Assert.Equal(message, e.Message);
    }
}
