import { useState } from 'react';

export interface ResultsReport {
  /** Which view and which state of it the text is about; a new key is a new announcement. */
  key: string;
  text: string;
}

/**
 * The text of the results live region. It changes when the person changed the view (or the view they
 * asked for finally loaded), never because a background refetch moved a count: a region that speaks
 * every 30 s on a busy tenant is noise.
 */
export function useResultsAnnouncement(report: ResultsReport | null): string {
  const [spoken, setSpoken] = useState({ key: '', text: '', repeated: false });
  if (report !== null && report.key !== spoken.key) {
    // Two views in a row with the same sentence ("No account groups match these filters") must both be
    // heard: a zero-width space makes the region's text change.
    setSpoken({ key: report.key, text: report.text, repeated: report.text === spoken.text && !spoken.repeated });
  }
  return spoken.repeated ? `${spoken.text}\u200b` : spoken.text;
}
