namespace Crashdive.Symbols.Dwarf;

/// <summary>DWARF DIE tags (DW_TAG_*). The space is open: <see cref="ToName"/> prints values it does not list as "Unknown (0x4109)".</summary>
public static class DwarfTag
{
    /// <summary>DW_TAG_array_type.</summary>
    public const ushort ArrayType = 0x1;
    /// <summary>DW_TAG_class_type.</summary>
    public const ushort ClassType = 0x2;
    /// <summary>DW_TAG_entry_point.</summary>
    public const ushort EntryPoint = 0x3;
    /// <summary>DW_TAG_enumeration_type.</summary>
    public const ushort EnumerationType = 0x4;
    /// <summary>DW_TAG_formal_parameter.</summary>
    public const ushort FormalParameter = 0x5;
    /// <summary>DW_TAG_imported_declaration.</summary>
    public const ushort ImportedDeclaration = 0x8;
    /// <summary>DW_TAG_label.</summary>
    public const ushort Label = 0xa;
    /// <summary>DW_TAG_lexical_block.</summary>
    public const ushort LexicalBlock = 0xb;
    /// <summary>DW_TAG_member.</summary>
    public const ushort Member = 0xd;
    /// <summary>DW_TAG_pointer_type.</summary>
    public const ushort PointerType = 0xf;
    /// <summary>DW_TAG_reference_type.</summary>
    public const ushort ReferenceType = 0x10;
    /// <summary>DW_TAG_compile_unit.</summary>
    public const ushort CompileUnit = 0x11;
    /// <summary>DW_TAG_string_type.</summary>
    public const ushort StringType = 0x12;
    /// <summary>DW_TAG_structure_type.</summary>
    public const ushort StructureType = 0x13;
    /// <summary>DW_TAG_subroutine_type.</summary>
    public const ushort SubroutineType = 0x15;
    /// <summary>DW_TAG_typedef.</summary>
    public const ushort Typedef = 0x16;
    /// <summary>DW_TAG_union_type.</summary>
    public const ushort UnionType = 0x17;
    /// <summary>DW_TAG_unspecified_parameters.</summary>
    public const ushort UnspecifiedParameters = 0x18;
    /// <summary>DW_TAG_variant.</summary>
    public const ushort Variant = 0x19;
    /// <summary>DW_TAG_common_block.</summary>
    public const ushort CommonBlock = 0x1a;
    /// <summary>DW_TAG_common_inclusion.</summary>
    public const ushort CommonInclusion = 0x1b;
    /// <summary>DW_TAG_inheritance.</summary>
    public const ushort Inheritance = 0x1c;
    /// <summary>DW_TAG_inlined_subroutine.</summary>
    public const ushort InlinedSubroutine = 0x1d;
    /// <summary>DW_TAG_module.</summary>
    public const ushort Module = 0x1e;
    /// <summary>DW_TAG_ptr_to_member_type.</summary>
    public const ushort PtrToMemberType = 0x1f;
    /// <summary>DW_TAG_set_type.</summary>
    public const ushort SetType = 0x20;
    /// <summary>DW_TAG_subrange_type.</summary>
    public const ushort SubrangeType = 0x21;
    /// <summary>DW_TAG_with_stmt.</summary>
    public const ushort WithStmt = 0x22;
    /// <summary>DW_TAG_access_declaration.</summary>
    public const ushort AccessDeclaration = 0x23;
    /// <summary>DW_TAG_base_type.</summary>
    public const ushort BaseType = 0x24;
    /// <summary>DW_TAG_catch_block.</summary>
    public const ushort CatchBlock = 0x25;
    /// <summary>DW_TAG_const_type.</summary>
    public const ushort ConstType = 0x26;
    /// <summary>DW_TAG_constant.</summary>
    public const ushort Constant = 0x27;
    /// <summary>DW_TAG_enumerator.</summary>
    public const ushort Enumerator = 0x28;
    /// <summary>DW_TAG_file_type.</summary>
    public const ushort FileType = 0x29;
    /// <summary>DW_TAG_friend.</summary>
    public const ushort Friend = 0x2a;
    /// <summary>DW_TAG_namelist.</summary>
    public const ushort Namelist = 0x2b;
    /// <summary>DW_TAG_namelist_item.</summary>
    public const ushort NamelistItem = 0x2c;
    /// <summary>DW_TAG_packed_type.</summary>
    public const ushort PackedType = 0x2d;
    /// <summary>DW_TAG_subprogram.</summary>
    public const ushort Subprogram = 0x2e;
    /// <summary>DW_TAG_template_type_parameter.</summary>
    public const ushort TemplateTypeParameter = 0x2f;
    /// <summary>DW_TAG_template_value_parameter.</summary>
    public const ushort TemplateValueParameter = 0x30;
    /// <summary>DW_TAG_thrown_type.</summary>
    public const ushort ThrownType = 0x31;
    /// <summary>DW_TAG_try_block.</summary>
    public const ushort TryBlock = 0x32;
    /// <summary>DW_TAG_variant_part.</summary>
    public const ushort VariantPart = 0x33;
    /// <summary>DW_TAG_variable.</summary>
    public const ushort Variable = 0x34;
    /// <summary>DW_TAG_volatile_type.</summary>
    public const ushort VolatileType = 0x35;
    /// <summary>DW_TAG_dwarf_procedure.</summary>
    public const ushort DwarfProcedure = 0x36;
    /// <summary>DW_TAG_restrict_type.</summary>
    public const ushort RestrictType = 0x37;
    /// <summary>DW_TAG_interface_type.</summary>
    public const ushort InterfaceType = 0x38;
    /// <summary>DW_TAG_namespace.</summary>
    public const ushort Namespace = 0x39;
    /// <summary>DW_TAG_imported_module.</summary>
    public const ushort ImportedModule = 0x3a;
    /// <summary>DW_TAG_unspecified_type.</summary>
    public const ushort UnspecifiedType = 0x3b;
    /// <summary>DW_TAG_partial_unit.</summary>
    public const ushort PartialUnit = 0x3c;
    /// <summary>DW_TAG_imported_unit.</summary>
    public const ushort ImportedUnit = 0x3d;
    /// <summary>DW_TAG_condition.</summary>
    public const ushort Condition = 0x3f;
    /// <summary>DW_TAG_shared_type.</summary>
    public const ushort SharedType = 0x40;
    /// <summary>DW_TAG_type_unit.</summary>
    public const ushort TypeUnit = 0x41;
    /// <summary>DW_TAG_rvalue_reference_type.</summary>
    public const ushort RvalueReferenceType = 0x42;
    /// <summary>DW_TAG_template_alias.</summary>
    public const ushort TemplateAlias = 0x43;
    /// <summary>DW_TAG_coarray_type.</summary>
    public const ushort CoarrayType = 0x44;
    /// <summary>DW_TAG_generic_subrange.</summary>
    public const ushort GenericSubrange = 0x45;
    /// <summary>DW_TAG_dynamic_type.</summary>
    public const ushort DynamicType = 0x46;
    /// <summary>DW_TAG_atomic_type.</summary>
    public const ushort AtomicType = 0x47;
    /// <summary>DW_TAG_call_site.</summary>
    public const ushort CallSite = 0x48;
    /// <summary>DW_TAG_call_site_parameter.</summary>
    public const ushort CallSiteParameter = 0x49;
    /// <summary>DW_TAG_skeleton_unit.</summary>
    public const ushort SkeletonUnit = 0x4a;
    /// <summary>DW_TAG_immutable_type.</summary>
    public const ushort ImmutableType = 0x4b;
    /// <summary>DW_TAG_GNU_template_template_param.</summary>
    public const ushort GnuTemplateTemplateParam = 0x4106;
    /// <summary>DW_TAG_GNU_template_parameter_pack.</summary>
    public const ushort GnuTemplateParameterPack = 0x4107;
    /// <summary>DW_TAG_GNU_formal_parameter_pack.</summary>
    public const ushort GnuFormalParameterPack = 0x4108;
    /// <summary>DW_TAG_GNU_call_site.</summary>
    public const ushort GnuCallSite = 0x4109;
    /// <summary>DW_TAG_GNU_call_site_parameter.</summary>
    public const ushort GnuCallSiteParameter = 0x410a;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [ArrayType] = "DW_TAG_array_type",
        [ClassType] = "DW_TAG_class_type",
        [EntryPoint] = "DW_TAG_entry_point",
        [EnumerationType] = "DW_TAG_enumeration_type",
        [FormalParameter] = "DW_TAG_formal_parameter",
        [ImportedDeclaration] = "DW_TAG_imported_declaration",
        [Label] = "DW_TAG_label",
        [LexicalBlock] = "DW_TAG_lexical_block",
        [Member] = "DW_TAG_member",
        [PointerType] = "DW_TAG_pointer_type",
        [ReferenceType] = "DW_TAG_reference_type",
        [CompileUnit] = "DW_TAG_compile_unit",
        [StringType] = "DW_TAG_string_type",
        [StructureType] = "DW_TAG_structure_type",
        [SubroutineType] = "DW_TAG_subroutine_type",
        [Typedef] = "DW_TAG_typedef",
        [UnionType] = "DW_TAG_union_type",
        [UnspecifiedParameters] = "DW_TAG_unspecified_parameters",
        [Variant] = "DW_TAG_variant",
        [CommonBlock] = "DW_TAG_common_block",
        [CommonInclusion] = "DW_TAG_common_inclusion",
        [Inheritance] = "DW_TAG_inheritance",
        [InlinedSubroutine] = "DW_TAG_inlined_subroutine",
        [Module] = "DW_TAG_module",
        [PtrToMemberType] = "DW_TAG_ptr_to_member_type",
        [SetType] = "DW_TAG_set_type",
        [SubrangeType] = "DW_TAG_subrange_type",
        [WithStmt] = "DW_TAG_with_stmt",
        [AccessDeclaration] = "DW_TAG_access_declaration",
        [BaseType] = "DW_TAG_base_type",
        [CatchBlock] = "DW_TAG_catch_block",
        [ConstType] = "DW_TAG_const_type",
        [Constant] = "DW_TAG_constant",
        [Enumerator] = "DW_TAG_enumerator",
        [FileType] = "DW_TAG_file_type",
        [Friend] = "DW_TAG_friend",
        [Namelist] = "DW_TAG_namelist",
        [NamelistItem] = "DW_TAG_namelist_item",
        [PackedType] = "DW_TAG_packed_type",
        [Subprogram] = "DW_TAG_subprogram",
        [TemplateTypeParameter] = "DW_TAG_template_type_parameter",
        [TemplateValueParameter] = "DW_TAG_template_value_parameter",
        [ThrownType] = "DW_TAG_thrown_type",
        [TryBlock] = "DW_TAG_try_block",
        [VariantPart] = "DW_TAG_variant_part",
        [Variable] = "DW_TAG_variable",
        [VolatileType] = "DW_TAG_volatile_type",
        [DwarfProcedure] = "DW_TAG_dwarf_procedure",
        [RestrictType] = "DW_TAG_restrict_type",
        [InterfaceType] = "DW_TAG_interface_type",
        [Namespace] = "DW_TAG_namespace",
        [ImportedModule] = "DW_TAG_imported_module",
        [UnspecifiedType] = "DW_TAG_unspecified_type",
        [PartialUnit] = "DW_TAG_partial_unit",
        [ImportedUnit] = "DW_TAG_imported_unit",
        [Condition] = "DW_TAG_condition",
        [SharedType] = "DW_TAG_shared_type",
        [TypeUnit] = "DW_TAG_type_unit",
        [RvalueReferenceType] = "DW_TAG_rvalue_reference_type",
        [TemplateAlias] = "DW_TAG_template_alias",
        [CoarrayType] = "DW_TAG_coarray_type",
        [GenericSubrange] = "DW_TAG_generic_subrange",
        [DynamicType] = "DW_TAG_dynamic_type",
        [AtomicType] = "DW_TAG_atomic_type",
        [CallSite] = "DW_TAG_call_site",
        [CallSiteParameter] = "DW_TAG_call_site_parameter",
        [SkeletonUnit] = "DW_TAG_skeleton_unit",
        [ImmutableType] = "DW_TAG_immutable_type",
        [GnuTemplateTemplateParam] = "DW_TAG_GNU_template_template_param",
        [GnuTemplateParameterPack] = "DW_TAG_GNU_template_parameter_pack",
        [GnuFormalParameterPack] = "DW_TAG_GNU_formal_parameter_pack",
        [GnuCallSite] = "DW_TAG_GNU_call_site",
        [GnuCallSiteParameter] = "DW_TAG_GNU_call_site_parameter",
    };

    /// <summary>The DWARF name of <paramref name="value"/> ("DW_TAG_array_type"), or "Unknown (0x..)".</summary>
    public static string ToName(ushort value) => Names.TryGetValue(value, out string? n) ? n : $"Unknown (0x{value:x})";
}
