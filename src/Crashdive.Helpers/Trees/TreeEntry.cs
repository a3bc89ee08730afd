namespace Crashdive.Helpers.Trees;

/// <summary>
/// One entry of a tree walk: the entry (for red-black trees the <c>rb_node</c>'s address; for xarrays,
/// radix and maple trees the stored pointer), its index (not for red-black trees) and crash's position
/// string (<c>root/l/r</c>, or <c>root/1</c> with the slot appended by the caller).
/// </summary>
public readonly record struct TreeEntry(ulong Value, ulong Index, string Position, ulong Slot);
