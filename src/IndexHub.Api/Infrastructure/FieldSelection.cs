using System.Text.Json.Serialization.Metadata;

namespace IndexHub.Api.Infrastructure;

/// <summary>An answer object that a caller may cut to some of its properties (<c>fields=</c>).</summary>
public interface IFieldSelectable
{
    /// <summary>The JSON names of the properties to write; null writes them all.</summary>
    IReadOnlySet<string>? SelectedFields { get; }
}

/// <summary>A property written only when it holds a value: parts of an answer that a caller includes on request.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OmittedUnlessIncludedAttribute : Attribute;

/// <summary>
/// Serialisation rules the DTOs declare: <see cref="IFieldSelectable"/> objects write only their selected properties, and
/// <see cref="OmittedUnlessIncludedAttribute"/> properties are left out when null. Applied to the serialiser's contract once per
/// type, so an answer that selects nothing pays one delegate call per property.
/// </summary>
public static class FieldSelection
{
    public static void Modify(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        var selectable = typeof(IFieldSelectable).IsAssignableFrom(type.Type);
        foreach (var property in type.Properties)
        {
            var omittedWhenNull = property.AttributeProvider?.IsDefined(typeof(OmittedUnlessIncludedAttribute), inherit: false) == true;
            if (!selectable && !omittedWhenNull)
            {
                continue;
            }
            var name = property.Name;
            var previous = property.ShouldSerialize;
            property.ShouldSerialize = (owner, value) =>
                (!omittedWhenNull || value is not null)
                && (!selectable || ((IFieldSelectable)owner).SelectedFields is not { } fields || fields.Contains(name))
                && (previous is null || previous(owner, value));
        }
    }
}
