/** The bundled sample photos (public/samples; credits in public/samples/CREDITS.md). */
export interface Sample {
  id: string;
  file: string;
  title: string;
  credit: string;
}

export const SAMPLES: readonly Sample[] = [
  {
    id: 'chelsea',
    file: 'chelsea.png',
    title: 'Chelsea the cat',
    credit: 'Stefan van der Walt, scikit-image (CC0)',
  },
  { id: 'coffee', file: 'coffee.png', title: 'Espresso', credit: 'Rachel Michetti, scikit-image (CC0)' },
  { id: 'astronaut', file: 'astronaut.png', title: 'Eileen Collins', credit: 'NASA (public domain)' },
  {
    id: 'grace_hopper',
    file: 'grace_hopper.jpg',
    title: 'Grace Hopper',
    credit: 'U.S. Navy (public domain)',
  },
  { id: 'darknet_dog', file: 'darknet_dog.jpg', title: 'Dog, bicycle, truck', credit: 'J. Redmon, Darknet' },
  {
    id: 'darknet_giraffe',
    file: 'darknet_giraffe.jpg',
    title: 'Giraffe and zebra',
    credit: 'J. Redmon, Darknet',
  },
  {
    id: 'darknet_person',
    file: 'darknet_person.jpg',
    title: 'Person, dog, horse',
    credit: 'J. Redmon, Darknet',
  },
];

export function findSample(id: string): Sample | undefined {
  return SAMPLES.find((sample) => sample.id === id);
}

/** Resolved against the document: the app is served from any sub-path. */
export function sampleUrl(sample: Sample): string {
  return new URL(`samples/${sample.file}`, document.baseURI).href;
}
