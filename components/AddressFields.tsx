import { Field, firstInvalid } from "./Field.tsx";
import {
  type Address,
  ADDRESS_FORM,
  type FieldErrors,
} from "../utils/shop/checkout.ts";
import { SHIPPING_COUNTRIES } from "../utils/shop/countries.ts";

/**
 * Autofill tokens of the address fields, in the `shipping` section so that
 * browsers fill the delivery address, not the billing one.
 * https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#autofill
 */
const AUTOCOMPLETE: Record<keyof Address, string> = {
  name: "shipping name",
  street: "shipping street-address",
  city: "shipping address-level2",
  postcode: "shipping postal-code",
  country: "shipping country-name",
};

/**
 * The delivery address fields: autofill tokens, Country as a list, and,
 * after a failed submit, focus on the first invalid field.
 */
export function AddressFields(
  { values, errors }: { values: Partial<Address>; errors: FieldErrors },
) {
  const focus = firstInvalid(ADDRESS_FORM.map(([name]) => name), errors);
  return (
    <>
      {ADDRESS_FORM.map(([name, { label, max }]) => (
        <Field
          key={name}
          name={name}
          label={label}
          value={values[name]}
          error={errors[name]}
          maxLength={max}
          autocomplete={AUTOCOMPLETE[name]}
          autofocus={name === focus}
          options={name === "country" ? SHIPPING_COUNTRIES : undefined}
          placeholder="Choose a country"
          required
        />
      ))}
    </>
  );
}
