import { SearchOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Input, Row, Skeleton, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { hasPermission, useMe, useOrganisations } from '../../api/queries';
import type { Organisation } from '../../api/types';
import { OrganisationKindTag } from '../../components/organisation-labels';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import type { OrganisationNode } from '../../model/organisation-tree';
import { buildOrganisationTree, matchingWithAncestors } from '../../model/organisation-tree';
import { OrganisationDetails } from './organisation-details';
import type { OrganisationFormMode } from './organisation-form';
import { OrganisationFormDrawer } from './organisation-form';

/** 组织机构: the caller's organisation and those below it, as a tree, with details and forms. */
export default function OrganisationsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const canWrite = hasPermission(me, 'organisation:write');
  const organisations = useOrganisations();
  const [searchParams, setSearchParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [formMode, setFormMode] = useState<OrganisationFormMode | null>(null);

  const items = useMemo(() => organisations.data ?? [], [organisations.data]);
  const byId = useMemo(() => new Map(items.map((organisation) => [organisation.id, organisation])), [items]);
  const roots = useMemo(() => buildOrganisationTree(items), [items]);
  const filter = useMemo(() => matchingWithAncestors(items, search), [items, search]);

  const selectedId = searchParams.get('id') ?? roots[0]?.organisation.id;
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const select = (id: string) => setSearchParams({ id }, { replace: true });

  // Two levels open at first; a search opens the way to every match.
  const defaultExpanded = useMemo(
    () => roots.flatMap((root) => [root.organisation.id, ...root.children.map((child) => child.organisation.id)]),
    [roots],
  );
  const expandedKeys = search.trim() ? [...filter.visible] : (expanded ?? defaultExpanded);

  const treeData = useMemo(() => {
    const searching = Boolean(search.trim());
    const toNodes = (nodes: OrganisationNode[]): TreeDataNode[] =>
      nodes
        .filter((node) => !searching || filter.visible.has(node.organisation.id))
        .map((node) => ({
          key: node.organisation.id,
          title: (
            <span>
              <OrganisationKindTag organisation={node.organisation} short />{' '}
              <span style={filter.matches.has(node.organisation.id) ? { fontWeight: 600, color: '#1d4ed8' } : undefined}>
                {node.organisation.name}
              </span>
            </span>
          ),
          children: node.children.length ? toNodes(node.children) : undefined,
        }));
    return toNodes(roots);
  }, [roots, search, filter]);

  const childrenOf = (organisation: Organisation) => items.filter((item) => item.parentId === organisation.id);

  return (
    <>
      <PageHeader title={t('organisations.title')} />
      {organisations.isError ? (
        <ProblemAlert
          title={t('errors.loadFailed')}
          error={organisations.error}
          onRetry={() => void organisations.refetch()}
        />
      ) : organisations.isPending ? (
        <Row gutter={16}>
          <Col xs={24} lg={9}>
            <Card>
              <Skeleton active />
            </Card>
          </Col>
          <Col xs={24} lg={15}>
            <Card>
              <Skeleton active paragraph={{ rows: 6 }} />
            </Card>
          </Col>
        </Row>
      ) : items.length === 0 ? (
        <Card>
          <Empty description={t('organisations.empty')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={9} xxl={7}>
            <Card title={t('organisations.treeTitle')} className="org-tree-card" size="small">
              <Input
                allowClear
                prefix={<SearchOutlined />}
                placeholder={t('organisations.searchPlaceholder')}
                value={search}
                onChange={(event) => setSearch(event.target.value)}
                style={{ marginBottom: 12 }}
              />
              {treeData.length ? (
                <Tree
                  blockNode
                  showLine
                  treeData={treeData}
                  selectedKeys={selectedId ? [selectedId] : []}
                  expandedKeys={expandedKeys}
                  onExpand={(keys) => setExpanded(keys.map(String))}
                  onSelect={(keys) => {
                    if (keys.length) select(String(keys[0]));
                  }}
                  data-testid="organisation-tree"
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('organisations.noMatch')} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={15} xxl={17}>
            {selected ? (
              <OrganisationDetails
                organisation={selected}
                parent={selected.parentId ? byId.get(selected.parentId) : undefined}
                subOrganisations={childrenOf(selected)}
                canWrite={canWrite}
                onEdit={() =>
                  setFormMode({
                    type: 'edit',
                    organisation: selected,
                    parent: selected.parentId ? byId.get(selected.parentId) : undefined,
                  })
                }
                onCreateChild={() => setFormMode({ type: 'create', parent: selected })}
                onSelect={select}
              />
            ) : (
              <Card>
                <Empty description={t('organisations.selectHint')} />
              </Card>
            )}
          </Col>
        </Row>
      )}
      <OrganisationFormDrawer
        mode={formMode}
        onClose={() => setFormMode(null)}
        onSaved={(organisation) => {
          setFormMode(null);
          if (organisation.parentId) setExpanded((keys) => [...(keys ?? defaultExpanded), organisation.parentId!]);
          select(organisation.id);
        }}
      />
    </>
  );
}
