// Shows the events an element emits, as an app would receive them.
export function logEvents(element, types) {
  const log = document.getElementById('log');
  for (const type of types)
    element.addEventListener(type, (event) => {
      const detail = { ...event.detail };
      if (detail.file instanceof File) detail.file = `File(${detail.file.name}, ${detail.file.size} bytes)`;
      log.textContent = `${type} ${JSON.stringify(detail)}\n${log.textContent}`;
    });
}
