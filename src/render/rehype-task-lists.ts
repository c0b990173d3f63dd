/**
 * rehype plugin: task lists as Pandoc writes them. A list whose items are
 * all tasks has Pandoc's class `task-list` (mdast-util-to-hast gives
 * `contains-task-list` as soon as one item is a task); a list that mixes
 * tasks and plain items has none.
 */
import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'

export default function rehypeTaskLists() {
  return (tree: Root) => {
    visit(tree, 'element', (list: Element) => {
      if (list.tagName !== 'ul' && list.tagName !== 'ol') return
      const classes = list.properties.className
      if (!Array.isArray(classes) || !classes.includes('contains-task-list')) return
      const items = list.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li')
      const all = items.every((item) => Array.isArray(item.properties.className) && item.properties.className.includes('task-list-item'))
      const rest = classes.filter((name) => name !== 'contains-task-list')
      list.properties.className = all ? [...rest, 'task-list'] : rest
      if ((list.properties.className as unknown[]).length === 0) delete list.properties.className
    })
  }
}
