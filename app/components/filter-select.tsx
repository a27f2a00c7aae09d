/** A labelled select for a GET filter form: "All …" first, then the options. */
export function FilterSelect({
  id,
  label,
  name,
  value,
  allLabel,
  options,
}: {
  id: string;
  label: string;
  name: string;
  value: string;
  allLabel: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div className="form-group">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
