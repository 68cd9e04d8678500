using System.Reflection;
using System.Runtime.CompilerServices;

namespace TrailWatcher.Tests.Architecture;

/// <summary>Every type one type refers to: in its declaration, its members' signatures, attributes and method bodies.</summary>
internal static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static HashSet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Add(found, type.BaseType);
        foreach (var contract in type.GetInterfaces())
        {
            Add(found, contract);
        }

        AddAttributes(found, type.GetCustomAttributesData());
        foreach (var field in type.GetFields(Declared))
        {
            Add(found, field.FieldType);
            AddAttributes(found, field.GetCustomAttributesData());
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Add(found, property.PropertyType);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            AddMethod(found, method);
        }

        return found;
    }

    /// <summary>The type a reader would name for <paramref name="type"/>: the declaring type of a compiler-made closure or state machine.</summary>
    public static Type Declaring(Type type)
    {
        while (type.DeclaringType is { } outer && (type.IsDefined(typeof(CompilerGeneratedAttribute), false) || type.Name.StartsWith('<')))
        {
            type = outer;
        }

        return type;
    }

    private static void AddMethod(HashSet<Type> found, MethodBase method)
    {
        if (method is MethodInfo info)
        {
            Add(found, info.ReturnType);
        }

        foreach (var parameter in method.GetParameters())
        {
            Add(found, parameter.ParameterType);
        }

        AddAttributes(found, method.GetCustomAttributesData());
        if (method.GetMethodBody() is not { } body)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Add(found, local.LocalType);
        }

        foreach (var clause in body.ExceptionHandlingClauses.Where(c => c.Flags == ExceptionHandlingClauseOptions.Clause))
        {
            Add(found, clause.CatchType);
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var token in IlTokens.Read(body.GetILAsByteArray() ?? []))
        {
            switch (method.Module.ResolveMember(token, typeArguments, methodArguments))
            {
                case Type referenced:
                    Add(found, referenced);
                    break;
                case MethodBase called:
                    Add(found, called.DeclaringType);
                    foreach (var argument in called.IsGenericMethod ? called.GetGenericArguments() : [])
                    {
                        Add(found, argument);
                    }

                    break;
                case FieldInfo field:
                    Add(found, field.DeclaringType);
                    break;
            }
        }
    }

    private static void AddAttributes(HashSet<Type> found, IEnumerable<CustomAttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            Add(found, attribute.AttributeType);
            foreach (var argument in attribute.ConstructorArguments.Where(a => a.Value is Type))
            {
                Add(found, (Type)argument.Value!);
            }
        }
    }

    // A constructed type refers to its definition and to every type argument; an array or by-ref to its element.
    private static void Add(HashSet<Type> found, Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(found, type.GetElementType());
            return;
        }

        if (type.IsConstructedGenericType)
        {
            found.Add(type.GetGenericTypeDefinition());
            foreach (var argument in type.GetGenericArguments())
            {
                Add(found, argument);
            }

            return;
        }

        found.Add(type);
    }
}
