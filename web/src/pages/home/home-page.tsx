import { RightOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { OrganisationKindTag } from '../../components/organisation-labels';
import { visibleMenuPages } from '../../routes';
import { MyInvitationsCard } from '../applications/my-invitations-card';
import { FirstStepsCard } from './first-steps-card';
import { MyApplicationCard } from './my-application-card';

/** 工作台: who I am, my organisation, my roles, and where I can go from here. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  const shortcuts = visibleMenuPages((permission) => hasPermission(me, permission)).filter((page) => page.menu?.hint);

  return (
    <>
      <PageHeader title={t('nav.home')} />
      <MyInvitationsCard />
      <FirstStepsCard />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('home.intro')}
        </Typography.Paragraph>
      </Card>
      {me.roles.includes('employee') ? <MyApplicationCard /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('home.myAccount')} style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'displayName', label: t('home.displayName'), children: me.displayName },
                { key: 'username', label: t('home.username'), children: me.username },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('home.myOrganisation')} style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'name', label: t('home.organisationName'), children: me.organisation.name },
                {
                  key: 'kind',
                  label: t('home.organisationKind'),
                  children: <OrganisationKindTag organisation={me.organisation} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('home.myRoles')} style={{ height: '100%' }}>
            {me.roles.length ? (
              <Space wrap size={[8, 8]}>
                {me.roles.map((role) => (
                  <Tag key={role} color="blue">
                    {t(`roles.${role}`)}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('home.noRoles')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('home.shortcuts')}>
            {shortcuts.length ? (
              <Row gutter={[16, 16]}>
                {shortcuts.map((page) => (
                  <Col key={page.path} xs={24} md={12} xl={8}>
                    <Link to={`/${page.path}`} style={{ display: 'block', height: '100%' }}>
                      <Card hoverable size="small" style={{ height: '100%' }}>
                        <Space align="start" size={12}>
                          <span style={{ fontSize: 22, color: '#1d4ed8' }}>{page.menu!.icon}</span>
                          <div>
                            <Typography.Text strong>
                              {t(page.menu!.label)} <RightOutlined style={{ fontSize: 11 }} />
                            </Typography.Text>
                            <div>
                              <Typography.Text type="secondary">{t(page.menu!.hint!)}</Typography.Text>
                            </div>
                          </div>
                        </Space>
                      </Card>
                    </Link>
                  </Col>
                ))}
              </Row>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noShortcuts')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
