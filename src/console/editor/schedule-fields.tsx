import { Checkbox, Field } from '../components/field.tsx';
import { DAYS, type Day } from '../lib/types.ts';
import type { PartProps } from './kind-fields.tsx';
import { Rows } from './rows.tsx';

const ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

const DAY_NAMES: Record<Day, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** When the promotion runs: start and end (browser time), and optional daily wall-clock windows in a time zone. */
export function ScheduleFields({ draft: d, set, errors: e }: PartProps) {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <fieldset>
      <legend>When</legend>
      <div class="row">
        <Field
          label="Starts"
          type="datetime-local"
          value={d.startsAt}
          onValue={(startsAt) => set({ startsAt })}
          error={e.startsAt}
          hint={`Your time (${browserZone}).`}
        />
        <Field
          label="Ends"
          type="datetime-local"
          value={d.endsAt}
          onValue={(endsAt) => set({ endsAt })}
          error={e.endsAt}
          hint="Empty: no end date."
        />
      </div>
      <Rows
        legend="Daily windows (optional)"
        noun="window"
        hint="Only during these hours on these days, in the time zone below. A window past midnight belongs to the day it starts."
        rows={d.windows}
        onRows={(windows) => set({ windows })}
        make={() => ({ days: [...DAYS], from: '18:00', to: '20:00' })}
        render={(w, i, up) => (
          <>
            <fieldset class="days">
              <legend>Window {i + 1}: days</legend>
              {DAYS.map((day) => (
                <Checkbox
                  key={day}
                  label={DAY_NAMES[day]}
                  checked={w.days.includes(day)}
                  onChecked={(on) => up({ days: DAYS.filter((x) => (x === day ? on : w.days.includes(x))) })}
                />
              ))}
              {e[`windows.${i}.days`] && <p class="field-error">{e[`windows.${i}.days`]}</p>}
            </fieldset>
            <Field
              label={`Window ${i + 1}: from`}
              type="time"
              value={w.from}
              onValue={(from) => up({ from })}
              error={e[`windows.${i}.from`]}
            />
            <Field
              label={`Window ${i + 1}: to`}
              type="time"
              value={w.to}
              onValue={(to) => up({ to })}
              error={e[`windows.${i}.to`]}
            />
          </>
        )}
      />
      {d.windows.length > 0 && (
        <>
          <Field
            label="Time zone of the windows"
            list="tz-list"
            value={d.timezone}
            onValue={(timezone) => set({ timezone })}
            error={e.timezone}
            hint="An IANA zone such as Europe/Paris."
            autoComplete="off"
          />
          <datalist id="tz-list">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </>
      )}
    </fieldset>
  );
}
