/** Components available in every lesson and check MDX file without an import. */
import Callout from './Callout.astro';
import ContaminationChain from './ContaminationChain.astro';
import Figure from './Figure.astro';
import HairlineZones from './HairlineZones.astro';
import HealingTimeline from './HealingTimeline.astro';
import KnowledgeCheck from './KnowledgeCheck.astro';
import NeedleImpressions from './NeedleImpressions.astro';
import SessionLayering from './SessionLayering.astro';
import SkinLayers from './SkinLayers.astro';

export const mdxComponents = {
  Callout,
  ContaminationChain,
  Figure,
  HairlineZones,
  HealingTimeline,
  KnowledgeCheck,
  NeedleImpressions,
  SessionLayering,
  SkinLayers,
};
