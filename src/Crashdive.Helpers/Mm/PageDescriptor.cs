namespace Crashdive.Helpers.Mm;

/// <summary>The fields of one <c>struct page</c> that <c>vtop</c> and <c>kmem -p</c> show.</summary>
/// <param name="Address">Address of the <c>struct page</c>.</param>
/// <param name="Pfn">The page frame it describes.</param>
/// <param name="Flags"><c>page.flags</c> (flag bits, then zone, node and section numbers in the high bits).</param>
/// <param name="Mapping"><c>page.mapping</c> (<c>struct address_space *</c>, or tagged anon_vma/movable pointer).</param>
/// <param name="Index"><c>page.index</c> (offset within the mapping).</param>
/// <param name="RefCount"><c>page._refcount</c>.</param>
public readonly record struct PageDescriptor(ulong Address, ulong Pfn, ulong Flags, ulong Mapping, ulong Index, int RefCount);
