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
  const [spoken, setSpoken] = useState({ key: '', text: '', count: 0 });
  if (report !== null && report.key !== spoken.key) {
    setSpoken({ key: report.key, text: report.text, count: spoken.count + 1 });
  }
  // Two views with the same sentence ("No account groups match these filters") must both be heard:
  // a zero-width space makes the text differ.
  return spoken.count % 2 === 0 ? spoken.text : `${spoken.text}\u200b`;
}
