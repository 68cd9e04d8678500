namespace TrailWatcher.Detection.Reading;

/// <summary>Where <see cref="CloudTrailReader"/> stands in the log's outer structure.</summary>
internal enum ReaderPhase
{
    /// <summary>Before the root object: byte order mark and whitespace.</summary>
    Start,

    /// <summary>Expecting the root object's opening brace (from the JSON reader).</summary>
    TopRoot,

    /// <summary>Inside the root object, expecting a property name or its end.</summary>
    TopProperty,

    /// <summary>After the <c>Records</c> property name.</summary>
    TopRecordsValue,

    /// <summary>After another top-level property name, expecting its value.</summary>
    TopSkipValue,

    /// <summary>Inside a nested object or array that is not Records, skipping it.</summary>
    TopSkippingNested,

    /// <summary>Just after the Records array's opening bracket.</summary>
    RecordsOpen,

    /// <summary>After a record, expecting a comma or the end of the array.</summary>
    RecordsAfterItem,

    /// <summary>After a comma in Records, expecting the next record.</summary>
    RecordsAfterComma,

    /// <summary>Inside a record past the size limit: its bytes are scanned for its end and dropped as they come.</summary>
    SkippingRecord,

    /// <summary>After the Records array, expecting more top-level properties or the root's end.</summary>
    RecordsClosed,

    /// <summary>After the root object: only whitespace may follow.</summary>
    AfterRoot,

    /// <summary>Everything was read.</summary>
    Done,
}
