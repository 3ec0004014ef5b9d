/** The people of the organisation as a select's options, "Name (@handle)"; `none` first when one may be left unset. */
export function PersonOptions({ people, none }: { people: readonly { handle: string; name: string }[]; none?: string }) {
  return (
    <>
      {none !== undefined && <option value="">{none}</option>}
      {people.map((person) => (
        <option key={person.handle} value={person.handle}>
          {person.name} (@{person.handle})
        </option>
      ))}
    </>
  );
}
