namespace Crashdive.Dumps;

/// <summary>What a dump holds for one physical page frame.</summary>
public enum PageStatus
{
    /// <summary>The page's contents are in the dump.</summary>
    Present,
    /// <summary>The page was RAM but the dump tool left it out (makedumpfile -d filtering).</summary>
    Excluded,
    /// <summary>The dump says nothing of this frame: not RAM, or outside every range.</summary>
    NotInDump,
}
