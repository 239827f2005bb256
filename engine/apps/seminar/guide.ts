/**
 * The guided path of the seminar page: six short steps a teacher walks through. Each
 * sets the controls and says, in two or three sentences, what to look for. Figures
 * are the article's (Vreja 2005, Table 1 and the Romanian police data).
 */
import type { Settings } from './settings.ts';

export interface GuideStep {
  title: string;
  text: string;
  /** What the step changes from the page's defaults (the calibrated baseline). */
  set: Partial<Settings>;
}

export const GUIDE: GuideStep[] = [
  {
    title: 'What the statistics showed',
    text:
      'The diamonds are the article’s Table 1: victims identified and assisted in South Eastern Europe rose to a peak in 2001–2002 and fell by half in 2003, ' +
      'while Romanian police recorded four times as many trafficking offences as in 2001 (Vreja 2005). The orange line is the model’s count of the same thing; ' +
      'the police chart shows the rise in police action.',
    set: {},
  },
  {
    title: 'The reading that enforcement worked',
    text:
      'Fewer victims counted while police did more: read alone, the statistics say the trade fell. Now look at the blue lines, the true trade in the model: ' +
      'new victims each year and victims in exploitation. They fall far less than the count, or not at all; the gap between them is what the statistics no longer see.',
    set: {},
  },
  {
    title: 'Switch adaptation off',
    text:
      'Networks now keep their 1995 ways: no move to legal travel, to private apartments or to softer control. ' +
      'Compare with the dashed lines of the last run: how networks operate changes a lot, and how much does the count change? ' +
      'In this calibration the counts of the two worlds are close, which is why the article’s figures cannot tell them apart (docs/CALIBRATION.md).',
    set: { adaptation: false },
  },
  {
    title: 'Switch the visa lift off',
    text:
      'Adaptation is back on, but Romanians and Bulgarians keep needing a Schengen visa after 2002. ' +
      'Watch the share of victims moved by legal travel, and where victims are taken: Western Europe does not report to the regional database.',
    set: { visaLift: false },
  },
  {
    title: 'The three prongs at equal budget',
    text:
      'At 1 each prong costs about the same from 2003 (see the budget). This step puts a third into each; then try victims at 1 alone, supply at 1 alone, demand at 1 alone. ' +
      'Judge each by the true trade, not by the count: which lowers the number of new victims most for its money, and which mostly raises what is counted?',
    set: { victims: 1 / 3, supply: 1 / 3, demand: 1 / 3 },
  },
  {
    title: 'What the data cannot tell us',
    text:
      'The parameters are now drawn from the calibration’s posterior: every seed gives another set that fits the article’s figures about as well. ' +
      'Change the seed and run again, a few times, and compare how much the count moves with how much the true trade moves. ' +
      'A large trade seen little can fit the figures as well as a smaller one seen more: a falling count need not mean a falling trade.',
    set: { posterior: true, seed: 2 },
  },
];
