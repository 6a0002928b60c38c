using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;

namespace MultimodalSearch.Postgres.VectorData;

/// <summary>
/// Translates a LINQ filter into a SQL condition with <c>$n</c> parameters. Every value, literal or
/// captured, becomes a parameter; anything not listed in <see cref="Supported"/> is refused.
/// </summary>
/// <remarks>
/// The SQL keeps C#'s two-valued logic over nullable columns: a negation is <c>(x) IS NOT TRUE</c>, so that
/// a comparison with a null column (unknown in SQL, false in C#) negates to true, and <c>!=</c> includes
/// the rows where the column is null, as <c>null != value</c> is true in C#.
/// </remarks>
internal sealed class PgVectorFilterTranslator : FilterTranslatorBase
{
    /// <summary>The constructs the translator accepts, for error messages.</summary>
    public const string Supported =
        "==, !=, <, <=, >, >= between a property and a value, comparisons with null, &&, ||, !, bool properties, array.Contains(r.Property), r.ArrayProperty.Contains(value), r.ArrayProperty.Any(x => array.Contains(x)) and r.ArrayProperty == array";

    private readonly PgVectorTable _table;
    private readonly List<object> _parameters;
    private readonly StringBuilder _sql = new();

    private PgVectorFilterTranslator(PgVectorTable table, List<object> parameters)
    {
        _table = table;
        _parameters = parameters;
    }

    /// <summary>Translates <paramref name="filter"/> into a condition on <paramref name="table"/>.</summary>
    /// <param name="filter">The filter lambda.</param>
    /// <param name="table">The table.</param>
    /// <param name="parameters">The statement's parameter values so far; the filter's are appended, numbered after them.</param>
    /// <returns>The SQL condition.</returns>
    /// <exception cref="NotSupportedException">The filter uses a construct outside <see cref="Supported"/>.</exception>
    /// <exception cref="InvalidOperationException">The filter names a property the record does not have.</exception>
    public static string Translate(LambdaExpression filter, PgVectorTable table, List<object> parameters)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var translator = new PgVectorFilterTranslator(table, parameters);
        var body = translator.PreprocessFilter(filter, table.Model, new FilterPreprocessingOptions { SupportsParameterization = true });
        translator.Visit(body);
        return translator._sql.ToString();
    }

    private void Visit(Expression node)
    {
        switch (node)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse } logical:
                _sql.Append('(');
                Visit(logical.Left);
                _sql.Append(logical.NodeType == ExpressionType.AndAlso ? " AND " : " OR ");
                Visit(logical.Right);
                _sql.Append(')');
                break;
            case BinaryExpression comparison when ComparisonOperator(comparison.NodeType) is not null:
                VisitComparison(comparison);
                break;
            case UnaryExpression { NodeType: ExpressionType.Not, Type: var type } not when type == typeof(bool):
                _sql.Append('(');
                Visit(not.Operand);
                _sql.Append(") IS NOT TRUE");
                break;
            case MethodCallExpression call when TryMatchContains(call, out var source, out var item):
                VisitContains(call, source, item);
                break;
            case MethodCallExpression { Method.Name: nameof(Enumerable.Any), Arguments: [var source, LambdaExpression predicate] } any
                when any.Method.DeclaringType == typeof(Enumerable):
                VisitAny(any, source, predicate);
                break;
            case ConstantExpression { Value: bool constant }:
                _sql.Append(constant ? "TRUE" : "FALSE");
                break;
            case var _ when TryBindProperty(node, out var property) && (Nullable.GetUnderlyingType(property.Type) ?? property.Type) == typeof(bool):
                _sql.Append(Column(property));
                break;
            default:
                throw Unsupported(node);
        }
    }

    private void VisitComparison(BinaryExpression comparison)
    {
        var op = comparison.NodeType;
        Expression valueSide;
        PropertyModel? property;
        if (TryBindColumn(comparison.Left, out property))
        {
            valueSide = comparison.Right;
        }
        else if (TryBindColumn(comparison.Right, out property))
        {
            valueSide = comparison.Left;
            op = Flip(op);
        }
        else
        {
            var culprit = TryGetValue(comparison.Left, out _) ? comparison.Right : comparison.Left;
            throw Unsupported(culprit, "a comparison needs a record property on one side");
        }

        if (TryBindColumn(valueSide, out _))
        {
            throw Unsupported(comparison, "comparing two properties");
        }

        if (!TryGetValue(valueSide, out var value))
        {
            throw Unsupported(valueSide, "the other side of a comparison must be a constant or a captured value");
        }

        if (property is VectorPropertyModel || (PgVectorColumnTypes.IsArray(property) && op is not (ExpressionType.Equal or ExpressionType.NotEqual)))
        {
            throw Unsupported(comparison, "ordering a whole array, or comparing a vector");
        }

        var column = Column(property);
        if (PgVectorColumnTypes.IsArray(property) && value is not null)
        {
            // A whole array equals another when it holds the same elements in the same order.
            var array = AddParameter(property, ToStringArray(comparison, value));
            _sql.Append(op == ExpressionType.Equal ? $"{column} = {array}" : $"{column} IS DISTINCT FROM {array}");
            return;
        }

        if (value is null)
        {
            // C#: x == null and x != null test for null; any other lifted comparison with null is false.
            _sql.Append(op switch
            {
                ExpressionType.Equal => column + " IS NULL",
                ExpressionType.NotEqual => column + " IS NOT NULL",
                _ => "FALSE",
            });
            return;
        }

        var parameter = AddParameter(property, value);
        if (op == ExpressionType.NotEqual && IsNullable(property))
        {
            _sql.Append('(').Append(column).Append(" <> ").Append(parameter).Append(" OR ").Append(column).Append(" IS NULL)");
            return;
        }

        _sql.Append(column).Append(' ').Append(ComparisonOperator(op)).Append(' ').Append(parameter);
    }

    private void VisitContains(MethodCallExpression call, Expression source, Expression item)
    {
        if (TryBindProperty(item, out var property))
        {
            // values.Contains(r.Property): membership of the column's value in a list.
            if (!TryGetValue(source, out var values) || values is not System.Collections.IEnumerable enumerable || values is string)
            {
                throw Unsupported(call, "the list of array.Contains(r.Property) must be a constant or captured array");
            }

            var elementType = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
            var elements = enumerable.Cast<object?>().ToList();
            var typed = Array.CreateInstance(elementType, elements.Count(e => e is not null));
            var index = 0;
            foreach (var element in elements.Where(e => e is not null))
            {
                typed.SetValue(ConvertValue(element, elementType), index++);
            }

            var column = Column(property);
            var condition = column + " = ANY(" + AddParameter(property, typed) + ")";
            _sql.Append(elements.Contains(null) ? "(" + condition + " OR " + column + " IS NULL)" : condition);
            return;
        }

        if (TryBindProperty(source, out property) && PgVectorColumnTypes.IsArray(property))
        {
            // r.Tags.Contains(value): the array column holds the value.
            if (!TryGetValue(item, out var value))
            {
                throw Unsupported(call, "the value of r.ArrayProperty.Contains(value) must be a constant or a captured value");
            }

            var column = Column(property);
            _sql.Append(value is null
                ? "array_position(" + column + ", NULL) IS NOT NULL"
                : column + " @> ARRAY[" + AddParameter(property, value) + "]");
            return;
        }

        throw Unsupported(call);
    }

    /// <summary>Binds a property, also under the widening C# adds to compare it (a short compared with an int literal is converted to int).</summary>
    private bool TryBindColumn(Expression expression, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PropertyModel? property)
    {
        if (expression is UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } && TryBindProperty(operand, out property))
        {
            return true;
        }

        return TryBindProperty(expression, out property);
    }

    private void VisitAny(MethodCallExpression any, Expression source, LambdaExpression predicate)
    {
        // r.Tags.Any(t => values.Contains(t)): the array column shares an element with the list (the && overlap operator).
        if (!TryBindProperty(source, out var property) || !PgVectorColumnTypes.IsArray(property)
            || predicate.Body is not MethodCallExpression contains
            || !TryMatchContains(contains, out var values, out var item)
            || item != predicate.Parameters[0]
            || !TryGetValue(values, out var list) || list is null)
        {
            throw Unsupported(any, "Any is supported as r.ArrayProperty.Any(x => array.Contains(x)) over a constant or captured array or list");
        }

        _sql.Append(Column(property)).Append(" && ").Append(AddParameter(property, ToStringArray(any, list)));
    }

    private static string?[] ToStringArray(Expression node, object value) =>
        value is not string && value is IEnumerable<string?> strings
            ? [.. strings]
            : throw Unsupported(node, "the other side must be a constant or captured array or list of strings");

    private static bool TryGetValue(Expression expression, out object? value)
    {
        switch (expression)
        {
            case MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var operand] } when TryGetValue(operand, out var inner):
                // C# 14 turns array.Contains(x) into MemoryExtensions.Contains over an implicit span conversion.
                value = inner;
                return true;
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case QueryParameterExpression parameter:
                value = parameter.Value;
                return true;
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert when TryGetValue(convert.Operand, out var inner):
                value = inner is null ? null : ConvertValue(inner, Nullable.GetUnderlyingType(convert.Type) ?? convert.Type);
                return true;
            case NewArrayExpression { NodeType: ExpressionType.NewArrayInit } array:
                var elements = Array.CreateInstance(array.Type.GetElementType()!, array.Expressions.Count);
                for (var i = 0; i < array.Expressions.Count; i++)
                {
                    if (!TryGetValue(array.Expressions[i], out var element))
                    {
                        value = null;
                        return false;
                    }

                    elements.SetValue(element, i);
                }

                value = elements;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private static object? ConvertValue(object? value, Type target)
    {
        if (value is null || target.IsInstanceOfType(value) || target == typeof(object))
        {
            return value;
        }

        return value is IConvertible && (target.IsPrimitive || target == typeof(decimal))
            ? System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture)
            : value;
    }

    private string AddParameter(PropertyModel property, object value)
    {
        // A filter compares instants: an offset is no data to lose here, unlike in a stored value.
        _parameters.Add(PgVectorColumnTypes.ToParameter(property, value is DateTimeOffset instant ? instant.ToUniversalTime() : value));
        return "$" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
    }

    private string Column(PropertyModel property) => _table[property].QuotedName;

    private static bool IsNullable(PropertyModel property) =>
        property is not KeyPropertyModel && (!property.Type.IsValueType || Nullable.GetUnderlyingType(property.Type) is not null);

    private static string? ComparisonOperator(ExpressionType type) => type switch
    {
        ExpressionType.Equal => "=",
        ExpressionType.NotEqual => "<>",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        _ => null,
    };

    private static ExpressionType Flip(ExpressionType type) => type switch
    {
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        _ => type,
    };

    private static NotSupportedException Unsupported(Expression node, string? why = null)
    {
        var construct = node switch
        {
            MethodCallExpression call => $"method {call.Method.DeclaringType?.Name}.{call.Method.Name}",
            MemberExpression member => $"member {member.Member.DeclaringType?.Name}.{member.Member.Name}",
            _ => $"node type {node.NodeType}",
        };
        return new NotSupportedException(
            $"PgVectorCollection cannot translate the filter construct '{node}' ({construct}{(why is null ? "" : "; " + why)}). Supported: {Supported}.");
    }
}
