namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>The type of an <see cref="EqlScalar"/>.</summary>
internal enum EqlScalarKind
{
    String,
    Integer,
    Decimal,
    Boolean,
}
