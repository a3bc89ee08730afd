namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// Enumerates a DIE's children. Grandchildren are stepped over with DW_AT_sibling when it points
/// forward inside the unit, else by walking them; every step moves forward, so a corrupt sibling
/// cannot loop.
/// </summary>
public readonly ref struct DieChildren
{
    private readonly Die _parent;

    internal DieChildren(Die parent) => _parent = parent;

    /// <summary>The enumerator for foreach.</summary>
    public Enumerator GetEnumerator() => new(_parent);

    /// <summary>Walks the children.</summary>
    public ref struct Enumerator
    {
        private readonly DwarfUnit _unit;
        private int _next;
        private bool _done;
        private Die _current;

        internal Enumerator(Die parent)
        {
            _unit = parent.Unit;
            _current = default;
            _done = !parent.HasChildren;
            _next = _done ? 0 : parent.AttributesEnd();
        }

        /// <summary>The current child.</summary>
        public readonly Die Current => _current;

        /// <summary>Moves to the next child; false after the last.</summary>
        public bool MoveNext()
        {
            if (_done)
                return false;
            var r = new DwarfReader(_unit.Section, _next, (int)_unit.End);
            if (r.Remaining == 0)
            {
                // A unit may end without the final null entry; treat its end as the end of the list.
                _done = true;
                return false;
            }
            int at = r.Position;
            ulong code = r.ReadULeb128();
            if (code == 0)
            {
                _done = true;
                return false;
            }
            Abbreviation ab = _unit.Abbreviations.Get(code)
                ?? throw _unit.Section.Error(at, $"DIE uses abbreviation {code}, which its table (.debug_abbrev+0x{_unit.AbbrevOffset:x}) lacks");
            _current = new Die(_unit, (ulong)at, ab, r.Position);
            _next = DieWalker.SkipDie(ref r, ab, _unit);
            return true;
        }
    }
}
