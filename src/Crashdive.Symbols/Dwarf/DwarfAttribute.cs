namespace Crashdive.Symbols.Dwarf;

/// <summary>DWARF attribute names (DW_AT_*). The space is open: <see cref="ToName"/> prints values it does not list as "Unknown (0x4109)".</summary>
public static class DwarfAttribute
{
    /// <summary>DW_AT_sibling.</summary>
    public const ushort Sibling = 0x1;
    /// <summary>DW_AT_location.</summary>
    public const ushort Location = 0x2;
    /// <summary>DW_AT_name.</summary>
    public const ushort Name = 0x3;
    /// <summary>DW_AT_ordering.</summary>
    public const ushort Ordering = 0x9;
    /// <summary>DW_AT_byte_size.</summary>
    public const ushort ByteSize = 0xb;
    /// <summary>DW_AT_bit_offset.</summary>
    public const ushort BitOffset = 0xc;
    /// <summary>DW_AT_bit_size.</summary>
    public const ushort BitSize = 0xd;
    /// <summary>DW_AT_stmt_list.</summary>
    public const ushort StmtList = 0x10;
    /// <summary>DW_AT_low_pc.</summary>
    public const ushort LowPc = 0x11;
    /// <summary>DW_AT_high_pc.</summary>
    public const ushort HighPc = 0x12;
    /// <summary>DW_AT_language.</summary>
    public const ushort Language = 0x13;
    /// <summary>DW_AT_discr.</summary>
    public const ushort Discr = 0x15;
    /// <summary>DW_AT_discr_value.</summary>
    public const ushort DiscrValue = 0x16;
    /// <summary>DW_AT_visibility.</summary>
    public const ushort Visibility = 0x17;
    /// <summary>DW_AT_import.</summary>
    public const ushort Import = 0x18;
    /// <summary>DW_AT_string_length.</summary>
    public const ushort StringLength = 0x19;
    /// <summary>DW_AT_common_reference.</summary>
    public const ushort CommonReference = 0x1a;
    /// <summary>DW_AT_comp_dir.</summary>
    public const ushort CompDir = 0x1b;
    /// <summary>DW_AT_const_value.</summary>
    public const ushort ConstValue = 0x1c;
    /// <summary>DW_AT_containing_type.</summary>
    public const ushort ContainingType = 0x1d;
    /// <summary>DW_AT_default_value.</summary>
    public const ushort DefaultValue = 0x1e;
    /// <summary>DW_AT_inline.</summary>
    public const ushort Inline = 0x20;
    /// <summary>DW_AT_is_optional.</summary>
    public const ushort IsOptional = 0x21;
    /// <summary>DW_AT_lower_bound.</summary>
    public const ushort LowerBound = 0x22;
    /// <summary>DW_AT_producer.</summary>
    public const ushort Producer = 0x25;
    /// <summary>DW_AT_prototyped.</summary>
    public const ushort Prototyped = 0x27;
    /// <summary>DW_AT_return_addr.</summary>
    public const ushort ReturnAddr = 0x2a;
    /// <summary>DW_AT_start_scope.</summary>
    public const ushort StartScope = 0x2c;
    /// <summary>DW_AT_bit_stride.</summary>
    public const ushort BitStride = 0x2e;
    /// <summary>DW_AT_upper_bound.</summary>
    public const ushort UpperBound = 0x2f;
    /// <summary>DW_AT_abstract_origin.</summary>
    public const ushort AbstractOrigin = 0x31;
    /// <summary>DW_AT_accessibility.</summary>
    public const ushort Accessibility = 0x32;
    /// <summary>DW_AT_address_class.</summary>
    public const ushort AddressClass = 0x33;
    /// <summary>DW_AT_artificial.</summary>
    public const ushort Artificial = 0x34;
    /// <summary>DW_AT_base_types.</summary>
    public const ushort BaseTypes = 0x35;
    /// <summary>DW_AT_calling_convention.</summary>
    public const ushort CallingConvention = 0x36;
    /// <summary>DW_AT_count.</summary>
    public const ushort Count = 0x37;
    /// <summary>DW_AT_data_member_location.</summary>
    public const ushort DataMemberLocation = 0x38;
    /// <summary>DW_AT_decl_column.</summary>
    public const ushort DeclColumn = 0x39;
    /// <summary>DW_AT_decl_file.</summary>
    public const ushort DeclFile = 0x3a;
    /// <summary>DW_AT_decl_line.</summary>
    public const ushort DeclLine = 0x3b;
    /// <summary>DW_AT_declaration.</summary>
    public const ushort Declaration = 0x3c;
    /// <summary>DW_AT_discr_list.</summary>
    public const ushort DiscrList = 0x3d;
    /// <summary>DW_AT_encoding.</summary>
    public const ushort Encoding = 0x3e;
    /// <summary>DW_AT_external.</summary>
    public const ushort External = 0x3f;
    /// <summary>DW_AT_frame_base.</summary>
    public const ushort FrameBase = 0x40;
    /// <summary>DW_AT_friend.</summary>
    public const ushort Friend = 0x41;
    /// <summary>DW_AT_identifier_case.</summary>
    public const ushort IdentifierCase = 0x42;
    /// <summary>DW_AT_macro_info.</summary>
    public const ushort MacroInfo = 0x43;
    /// <summary>DW_AT_namelist_item.</summary>
    public const ushort NamelistItem = 0x44;
    /// <summary>DW_AT_priority.</summary>
    public const ushort Priority = 0x45;
    /// <summary>DW_AT_segment.</summary>
    public const ushort Segment = 0x46;
    /// <summary>DW_AT_specification.</summary>
    public const ushort Specification = 0x47;
    /// <summary>DW_AT_static_link.</summary>
    public const ushort StaticLink = 0x48;
    /// <summary>DW_AT_type.</summary>
    public const ushort Type = 0x49;
    /// <summary>DW_AT_use_location.</summary>
    public const ushort UseLocation = 0x4a;
    /// <summary>DW_AT_variable_parameter.</summary>
    public const ushort VariableParameter = 0x4b;
    /// <summary>DW_AT_virtuality.</summary>
    public const ushort Virtuality = 0x4c;
    /// <summary>DW_AT_vtable_elem_location.</summary>
    public const ushort VtableElemLocation = 0x4d;
    /// <summary>DW_AT_allocated.</summary>
    public const ushort Allocated = 0x4e;
    /// <summary>DW_AT_associated.</summary>
    public const ushort Associated = 0x4f;
    /// <summary>DW_AT_data_location.</summary>
    public const ushort DataLocation = 0x50;
    /// <summary>DW_AT_byte_stride.</summary>
    public const ushort ByteStride = 0x51;
    /// <summary>DW_AT_entry_pc.</summary>
    public const ushort EntryPc = 0x52;
    /// <summary>DW_AT_use_UTF8.</summary>
    public const ushort UseUtf8 = 0x53;
    /// <summary>DW_AT_extension.</summary>
    public const ushort Extension = 0x54;
    /// <summary>DW_AT_ranges.</summary>
    public const ushort Ranges = 0x55;
    /// <summary>DW_AT_trampoline.</summary>
    public const ushort Trampoline = 0x56;
    /// <summary>DW_AT_call_column.</summary>
    public const ushort CallColumn = 0x57;
    /// <summary>DW_AT_call_file.</summary>
    public const ushort CallFile = 0x58;
    /// <summary>DW_AT_call_line.</summary>
    public const ushort CallLine = 0x59;
    /// <summary>DW_AT_description.</summary>
    public const ushort Description = 0x5a;
    /// <summary>DW_AT_binary_scale.</summary>
    public const ushort BinaryScale = 0x5b;
    /// <summary>DW_AT_decimal_scale.</summary>
    public const ushort DecimalScale = 0x5c;
    /// <summary>DW_AT_small.</summary>
    public const ushort Small = 0x5d;
    /// <summary>DW_AT_decimal_sign.</summary>
    public const ushort DecimalSign = 0x5e;
    /// <summary>DW_AT_digit_count.</summary>
    public const ushort DigitCount = 0x5f;
    /// <summary>DW_AT_picture_string.</summary>
    public const ushort PictureString = 0x60;
    /// <summary>DW_AT_mutable.</summary>
    public const ushort Mutable = 0x61;
    /// <summary>DW_AT_threads_scaled.</summary>
    public const ushort ThreadsScaled = 0x62;
    /// <summary>DW_AT_explicit.</summary>
    public const ushort Explicit = 0x63;
    /// <summary>DW_AT_object_pointer.</summary>
    public const ushort ObjectPointer = 0x64;
    /// <summary>DW_AT_endianity.</summary>
    public const ushort Endianity = 0x65;
    /// <summary>DW_AT_elemental.</summary>
    public const ushort Elemental = 0x66;
    /// <summary>DW_AT_pure.</summary>
    public const ushort Pure = 0x67;
    /// <summary>DW_AT_recursive.</summary>
    public const ushort Recursive = 0x68;
    /// <summary>DW_AT_signature.</summary>
    public const ushort Signature = 0x69;
    /// <summary>DW_AT_main_subprogram.</summary>
    public const ushort MainSubprogram = 0x6a;
    /// <summary>DW_AT_data_bit_offset.</summary>
    public const ushort DataBitOffset = 0x6b;
    /// <summary>DW_AT_const_expr.</summary>
    public const ushort ConstExpr = 0x6c;
    /// <summary>DW_AT_enum_class.</summary>
    public const ushort EnumClass = 0x6d;
    /// <summary>DW_AT_linkage_name.</summary>
    public const ushort LinkageName = 0x6e;
    /// <summary>DW_AT_string_length_bit_size.</summary>
    public const ushort StringLengthBitSize = 0x6f;
    /// <summary>DW_AT_string_length_byte_size.</summary>
    public const ushort StringLengthByteSize = 0x70;
    /// <summary>DW_AT_rank.</summary>
    public const ushort Rank = 0x71;
    /// <summary>DW_AT_str_offsets_base.</summary>
    public const ushort StrOffsetsBase = 0x72;
    /// <summary>DW_AT_addr_base.</summary>
    public const ushort AddrBase = 0x73;
    /// <summary>DW_AT_rnglists_base.</summary>
    public const ushort RnglistsBase = 0x74;
    /// <summary>DW_AT_dwo_name.</summary>
    public const ushort DwoName = 0x76;
    /// <summary>DW_AT_reference.</summary>
    public const ushort Reference = 0x77;
    /// <summary>DW_AT_rvalue_reference.</summary>
    public const ushort RvalueReference = 0x78;
    /// <summary>DW_AT_macros.</summary>
    public const ushort Macros = 0x79;
    /// <summary>DW_AT_call_all_calls.</summary>
    public const ushort CallAllCalls = 0x7a;
    /// <summary>DW_AT_call_all_source_calls.</summary>
    public const ushort CallAllSourceCalls = 0x7b;
    /// <summary>DW_AT_call_all_tail_calls.</summary>
    public const ushort CallAllTailCalls = 0x7c;
    /// <summary>DW_AT_call_return_pc.</summary>
    public const ushort CallReturnPc = 0x7d;
    /// <summary>DW_AT_call_value.</summary>
    public const ushort CallValue = 0x7e;
    /// <summary>DW_AT_call_origin.</summary>
    public const ushort CallOrigin = 0x7f;
    /// <summary>DW_AT_call_parameter.</summary>
    public const ushort CallParameter = 0x80;
    /// <summary>DW_AT_call_pc.</summary>
    public const ushort CallPc = 0x81;
    /// <summary>DW_AT_call_tail_call.</summary>
    public const ushort CallTailCall = 0x82;
    /// <summary>DW_AT_call_target.</summary>
    public const ushort CallTarget = 0x83;
    /// <summary>DW_AT_call_target_clobbered.</summary>
    public const ushort CallTargetClobbered = 0x84;
    /// <summary>DW_AT_call_data_location.</summary>
    public const ushort CallDataLocation = 0x85;
    /// <summary>DW_AT_call_data_value.</summary>
    public const ushort CallDataValue = 0x86;
    /// <summary>DW_AT_noreturn.</summary>
    public const ushort Noreturn = 0x87;
    /// <summary>DW_AT_alignment.</summary>
    public const ushort Alignment = 0x88;
    /// <summary>DW_AT_export_symbols.</summary>
    public const ushort ExportSymbols = 0x89;
    /// <summary>DW_AT_deleted.</summary>
    public const ushort Deleted = 0x8a;
    /// <summary>DW_AT_defaulted.</summary>
    public const ushort Defaulted = 0x8b;
    /// <summary>DW_AT_loclists_base.</summary>
    public const ushort LoclistsBase = 0x8c;
    /// <summary>DW_AT_MIPS_linkage_name.</summary>
    public const ushort MipsLinkageName = 0x2007;
    /// <summary>DW_AT_GNU_dwo_name.</summary>
    public const ushort GnuDwoName = 0x2130;
    /// <summary>DW_AT_GNU_dwo_id.</summary>
    public const ushort GnuDwoId = 0x2131;
    /// <summary>DW_AT_GNU_ranges_base.</summary>
    public const ushort GnuRangesBase = 0x2132;
    /// <summary>DW_AT_GNU_addr_base.</summary>
    public const ushort GnuAddrBase = 0x2133;
    /// <summary>DW_AT_GNU_pubnames.</summary>
    public const ushort GnuPubnames = 0x2134;
    /// <summary>DW_AT_GNU_pubtypes.</summary>
    public const ushort GnuPubtypes = 0x2135;
    /// <summary>DW_AT_GNU_locviews.</summary>
    public const ushort GnuLocviews = 0x2137;
    /// <summary>DW_AT_GNU_entry_view.</summary>
    public const ushort GnuEntryView = 0x2138;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [Sibling] = "DW_AT_sibling",
        [Location] = "DW_AT_location",
        [Name] = "DW_AT_name",
        [Ordering] = "DW_AT_ordering",
        [ByteSize] = "DW_AT_byte_size",
        [BitOffset] = "DW_AT_bit_offset",
        [BitSize] = "DW_AT_bit_size",
        [StmtList] = "DW_AT_stmt_list",
        [LowPc] = "DW_AT_low_pc",
        [HighPc] = "DW_AT_high_pc",
        [Language] = "DW_AT_language",
        [Discr] = "DW_AT_discr",
        [DiscrValue] = "DW_AT_discr_value",
        [Visibility] = "DW_AT_visibility",
        [Import] = "DW_AT_import",
        [StringLength] = "DW_AT_string_length",
        [CommonReference] = "DW_AT_common_reference",
        [CompDir] = "DW_AT_comp_dir",
        [ConstValue] = "DW_AT_const_value",
        [ContainingType] = "DW_AT_containing_type",
        [DefaultValue] = "DW_AT_default_value",
        [Inline] = "DW_AT_inline",
        [IsOptional] = "DW_AT_is_optional",
        [LowerBound] = "DW_AT_lower_bound",
        [Producer] = "DW_AT_producer",
        [Prototyped] = "DW_AT_prototyped",
        [ReturnAddr] = "DW_AT_return_addr",
        [StartScope] = "DW_AT_start_scope",
        [BitStride] = "DW_AT_bit_stride",
        [UpperBound] = "DW_AT_upper_bound",
        [AbstractOrigin] = "DW_AT_abstract_origin",
        [Accessibility] = "DW_AT_accessibility",
        [AddressClass] = "DW_AT_address_class",
        [Artificial] = "DW_AT_artificial",
        [BaseTypes] = "DW_AT_base_types",
        [CallingConvention] = "DW_AT_calling_convention",
        [Count] = "DW_AT_count",
        [DataMemberLocation] = "DW_AT_data_member_location",
        [DeclColumn] = "DW_AT_decl_column",
        [DeclFile] = "DW_AT_decl_file",
        [DeclLine] = "DW_AT_decl_line",
        [Declaration] = "DW_AT_declaration",
        [DiscrList] = "DW_AT_discr_list",
        [Encoding] = "DW_AT_encoding",
        [External] = "DW_AT_external",
        [FrameBase] = "DW_AT_frame_base",
        [Friend] = "DW_AT_friend",
        [IdentifierCase] = "DW_AT_identifier_case",
        [MacroInfo] = "DW_AT_macro_info",
        [NamelistItem] = "DW_AT_namelist_item",
        [Priority] = "DW_AT_priority",
        [Segment] = "DW_AT_segment",
        [Specification] = "DW_AT_specification",
        [StaticLink] = "DW_AT_static_link",
        [Type] = "DW_AT_type",
        [UseLocation] = "DW_AT_use_location",
        [VariableParameter] = "DW_AT_variable_parameter",
        [Virtuality] = "DW_AT_virtuality",
        [VtableElemLocation] = "DW_AT_vtable_elem_location",
        [Allocated] = "DW_AT_allocated",
        [Associated] = "DW_AT_associated",
        [DataLocation] = "DW_AT_data_location",
        [ByteStride] = "DW_AT_byte_stride",
        [EntryPc] = "DW_AT_entry_pc",
        [UseUtf8] = "DW_AT_use_UTF8",
        [Extension] = "DW_AT_extension",
        [Ranges] = "DW_AT_ranges",
        [Trampoline] = "DW_AT_trampoline",
        [CallColumn] = "DW_AT_call_column",
        [CallFile] = "DW_AT_call_file",
        [CallLine] = "DW_AT_call_line",
        [Description] = "DW_AT_description",
        [BinaryScale] = "DW_AT_binary_scale",
        [DecimalScale] = "DW_AT_decimal_scale",
        [Small] = "DW_AT_small",
        [DecimalSign] = "DW_AT_decimal_sign",
        [DigitCount] = "DW_AT_digit_count",
        [PictureString] = "DW_AT_picture_string",
        [Mutable] = "DW_AT_mutable",
        [ThreadsScaled] = "DW_AT_threads_scaled",
        [Explicit] = "DW_AT_explicit",
        [ObjectPointer] = "DW_AT_object_pointer",
        [Endianity] = "DW_AT_endianity",
        [Elemental] = "DW_AT_elemental",
        [Pure] = "DW_AT_pure",
        [Recursive] = "DW_AT_recursive",
        [Signature] = "DW_AT_signature",
        [MainSubprogram] = "DW_AT_main_subprogram",
        [DataBitOffset] = "DW_AT_data_bit_offset",
        [ConstExpr] = "DW_AT_const_expr",
        [EnumClass] = "DW_AT_enum_class",
        [LinkageName] = "DW_AT_linkage_name",
        [StringLengthBitSize] = "DW_AT_string_length_bit_size",
        [StringLengthByteSize] = "DW_AT_string_length_byte_size",
        [Rank] = "DW_AT_rank",
        [StrOffsetsBase] = "DW_AT_str_offsets_base",
        [AddrBase] = "DW_AT_addr_base",
        [RnglistsBase] = "DW_AT_rnglists_base",
        [DwoName] = "DW_AT_dwo_name",
        [Reference] = "DW_AT_reference",
        [RvalueReference] = "DW_AT_rvalue_reference",
        [Macros] = "DW_AT_macros",
        [CallAllCalls] = "DW_AT_call_all_calls",
        [CallAllSourceCalls] = "DW_AT_call_all_source_calls",
        [CallAllTailCalls] = "DW_AT_call_all_tail_calls",
        [CallReturnPc] = "DW_AT_call_return_pc",
        [CallValue] = "DW_AT_call_value",
        [CallOrigin] = "DW_AT_call_origin",
        [CallParameter] = "DW_AT_call_parameter",
        [CallPc] = "DW_AT_call_pc",
        [CallTailCall] = "DW_AT_call_tail_call",
        [CallTarget] = "DW_AT_call_target",
        [CallTargetClobbered] = "DW_AT_call_target_clobbered",
        [CallDataLocation] = "DW_AT_call_data_location",
        [CallDataValue] = "DW_AT_call_data_value",
        [Noreturn] = "DW_AT_noreturn",
        [Alignment] = "DW_AT_alignment",
        [ExportSymbols] = "DW_AT_export_symbols",
        [Deleted] = "DW_AT_deleted",
        [Defaulted] = "DW_AT_defaulted",
        [LoclistsBase] = "DW_AT_loclists_base",
        [MipsLinkageName] = "DW_AT_MIPS_linkage_name",
        [GnuDwoName] = "DW_AT_GNU_dwo_name",
        [GnuDwoId] = "DW_AT_GNU_dwo_id",
        [GnuRangesBase] = "DW_AT_GNU_ranges_base",
        [GnuAddrBase] = "DW_AT_GNU_addr_base",
        [GnuPubnames] = "DW_AT_GNU_pubnames",
        [GnuPubtypes] = "DW_AT_GNU_pubtypes",
        [GnuLocviews] = "DW_AT_GNU_locviews",
        [GnuEntryView] = "DW_AT_GNU_entry_view",
    };

    /// <summary>The DWARF name of <paramref name="value"/> ("DW_AT_sibling"), or "Unknown (0x..)".</summary>
    public static string ToName(ushort value) => Names.TryGetValue(value, out string? n) ? n : $"Unknown (0x{value:x})";
}
