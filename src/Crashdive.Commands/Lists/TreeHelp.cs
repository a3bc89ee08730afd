namespace Crashdive.Commands.Lists;

/// <summary>The help text of <c>tree</c>.</summary>
internal static class TreeHelp
{
    public const string Text = """
        NAME
          tree - display radix tree, XArray, red-black tree or maple tree

        SYNOPSIS
          tree [-t [radix|xarray|rbtree|maple]] [-r offset] [-[s|S] struct[.member[,member]]]
               -[x|d] [-o offset] [-l] [-p] [-N] start

        DESCRIPTION
          Dumps the entries of a tree, one address a line.

            -t type  "radix" ("ra"), "xarray" ("x"), "rbtree" ("rb", the default) or
                     "maple" ("m", not in crash 8.0.2).  Radix trees are xarrays since
                     Linux 4.20 and are walked as such.
          -r offset  start is a structure holding the root (rb_root, xarray,
                     maple_tree) at this offset: a number or "struct.member".
          -o offset  Red-black trees: the offset of the rb_node in each entry.
          -s struct  Print each entry as this structure, or "struct.member[,member]".
          -S struct  Like -s, reading members of up to 8 bytes directly from memory.
                 -l  Red-black trees: in order, leftmost first.
                 -p  Show each entry's position: root/l/r for red-black trees; the
                     index and slot path for the others.
                 -N  start is a node (rb_node, xa_node, tagged maple node) rather
                     than a root.
            -x, -d  Hexadecimal or decimal member values.

          Every walk is bounded and stops at a node seen twice:
          "tree: duplicate tree entry: ADDRESS".

        EXAMPLES
            crash> tree -t rbtree -o vmap_area.rb_node vmap_area_root
            ffff880128c508c0
            ...
            crash> tree -t xarray -r address_space.i_pages 0xffff94c235e76828 -p
            fffffcc005aa8380
              index: 90  position: root/1/26
            ...
            crash> tree -t maple -r mm_struct.mm_mt 0xffff8df9c2a1c000
        """;
}
